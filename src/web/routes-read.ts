/** The API's read side: overview, timeline pages, records, hosts, graphs, network charts, review and record. */
import { Hono } from 'hono';
import { CaseDir } from '../case/case-dir.ts';
import { verifyCustody, verifyEvidenceManifest } from '../case/custody.ts';
import { PHASES } from '../case/record.ts';
import { parseTs } from '../core/event.ts';
import type { Lang } from '../i18n/index.ts';
import { logonGraph, spreadGraph } from './graphs.ts';
import { webMessages } from './messages.ts';
import { overview } from './overview.ts';
import { hostDetectionSummary, logonsIn, logonsOut, peers, processes } from './queries/host.ts';
import { contacts, heatmap, pairs, topTalkers, volume, type PairFilter } from './queries/network.ts';
import {
  detectionById,
  detectionsOfEvent,
  eventById,
  REVIEW_FILTERS,
  timelineCount,
  timelineHistogram,
  timelinePage,
  topValues,
  type ReviewFilter,
  type TimelineFilter,
} from './queries/timeline.ts';
import { rawRecord } from './raw.ts';
import { respondOptions } from './respond.ts';
import type { Workspace } from './workspace.ts';

const MAX_TEXT = 500;

/** A time from the browser: epoch µs, or ISO 8601 (with a zone; none means UTC). */
export function timeParam(v: string | undefined): number | undefined {
  if (!v) return undefined;
  if (/^-?\d{1,17}$/.test(v)) return Number(v);
  const t = parseTs(v);
  return Number.isFinite(t) ? t : undefined;
}

const text = (v: string | undefined): string | undefined => (v ? v.slice(0, MAX_TEXT) : undefined);
const int = (v: string | undefined, dflt: number, min: number, max: number): number => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : dflt;
};

export function filterOf(q: Record<string, string>): TimelineFilter {
  const review = REVIEW_FILTERS.includes(q.review as ReviewFilter) ? (q.review as ReviewFilter) : undefined;
  const hosts = q.host
    ? q.host
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean)
        .slice(0, 50)
    : undefined;
  return {
    src: q.src === 'ev' ? 'ev' : 'det',
    from: timeParam(q.from),
    to: timeParam(q.to),
    hosts,
    account: text(q.account),
    addr: text(q.addr),
    level: text(q.level),
    rule: text(q.rule),
    q: text(q.q),
    eventId: text(q.eid),
    channel: text(q.channel),
    format: text(q.format),
    review,
  };
}

function pairFilter(q: Record<string, string>): PairFilter {
  return {
    host: text(q.host),
    dst: text(q.dst),
    format: text(q.format),
    from: timeParam(q.from),
    to: timeParam(q.to),
  };
}

export function readRoutes(ws: Workspace, lang: Lang): Hono {
  const api = new Hono();

  api.get('/session', (c) =>
    c.json({
      lang,
      caseId: ws.caseFile.case_id ?? null,
      title: ws.caseFile.title ?? null,
      timeZone: ws.timeZone,
      version: ws.version,
      indexed: ws.indexCounts,
      ready: ws.indexing.done,
      indexing: { seconds: Math.round((Date.now() - ws.indexing.started) / 1000), error: ws.indexing.error ?? null },
      phases: PHASES,
    }),
  );
  api.get('/messages', (c) => c.json(webMessages(c.req.query('lang') === 'ja' ? 'ja' : 'en')));
  api.get('/overview', async (c) => c.json(await overview(ws)));

  api.get('/rows', async (c) => {
    const q = c.req.query();
    const f = filterOf(q);
    const rows = await timelinePage(ws.db, f, int(q.offset, 0, 0, 1e9), int(q.limit, 200, 1, 1000), q.order === 'desc');
    return c.json({ rows });
  });
  api.get('/count', async (c) => c.json({ total: await timelineCount(ws.db, filterOf(c.req.query())) }));
  api.get('/histogram', async (c) =>
    c.json(await timelineHistogram(ws.db, filterOf(c.req.query()), int(c.req.query('buckets'), 120, 10, 1000))),
  );
  api.get('/values', async (c) => c.json(await topValues(ws.db, c.req.query('field') ?? '')));

  api.get('/detection/:id', async (c) => {
    const id = int(c.req.param('id'), -1, -1, Number.MAX_SAFE_INTEGER);
    const d = await detectionById(ws.db, id);
    if (!d) return c.json({ error: 'not found' }, 404);
    const ev = d.eid === null || d.eid === undefined ? undefined : await eventById(ws.db, Number(d.eid));
    return c.json({ detection: d, event: ev ?? null, raw: ev ? rawRecord(ev, ws.files) : null });
  });
  api.get('/event/:id', async (c) => {
    const id = int(c.req.param('id'), -1, -1, Number.MAX_SAFE_INTEGER);
    const ev = await eventById(ws.db, id);
    if (!ev) return c.json({ error: 'not found' }, 404);
    return c.json({ event: ev, raw: rawRecord(ev, ws.files), detections: await detectionsOfEvent(ws.db, id) });
  });

  api.get('/findings', (c) => {
    const q = c.req.query();
    const marks = new Map(ws.review.marks.map((m) => [m.key, m]));
    const out = ws.findings
      .filter((f) => !q.host || f.hkey === q.host)
      .filter((f) => !q.kind || f.kind === q.kind)
      .filter((f) => !q.severity || f.severity === q.severity)
      .map((f) => ({ ...f, review: marks.get(f.key) ?? null }))
      .filter((f) => {
        const s = f.review?.status;
        if (!q.review || q.review === 'all') return true;
        if (q.review === 'hide-fp') return s !== 'false-positive';
        if (q.review === 'fp') return s === 'false-positive';
        if (q.review === 'unreviewed') return !s;
        return s === q.review;
      });
    return c.json({ total: out.length, findings: out.slice(0, int(q.limit, 5000, 1, 20000)) });
  });

  api.get('/host/:name', async (c) => {
    const name = c.req.param('name');
    const h = ws.composite?.hosts.find((x) => x.name === name) ?? null;
    const ips = ws.ipsOf(name);
    const marks = new Map(ws.review.marks.map((m) => [m.key, m]));
    const [summary, inn, out, procs, net] = await Promise.all([
      hostDetectionSummary(ws.db, name),
      logonsIn(ws.db, name),
      logonsOut(ws.db, name, ips),
      processes(ws.db, name),
      peers(ws.db, name),
    ]);
    return c.json({
      name,
      host: h,
      ips,
      findings: ws.findings.filter((f) => f.hkey === name).map((f) => ({ ...f, review: marks.get(f.key) ?? null })),
      detections: summary,
      logonsIn: inn,
      logonsOut: out,
      processes: procs,
      peers: net,
      edges: (ws.composite?.edges ?? []).filter((e) => e.from === name || e.to === name),
    });
  });

  api.get('/graph/spread', (c) =>
    c.json(spreadGraph(ws.composite, timeParam(c.req.query('from')), timeParam(c.req.query('to')))),
  );
  api.get('/graph/logons', async (c) => {
    const q = c.req.query();
    return c.json(
      await logonGraph(ws.db, (raw) => ws.hostOf(raw), {
        from: timeParam(q.from),
        to: timeParam(q.to),
        system: q.system === '1',
      }),
    );
  });

  api.get('/net/pairs', async (c) => c.json({ pairs: await pairs(ws.db, pairFilter(c.req.query())) }));
  api.get('/net/top', async (c) => c.json({ talkers: await topTalkers(ws.db, pairFilter(c.req.query())) }));
  api.get('/net/heatmap', async (c) =>
    c.json({ timeZone: ws.timeZone, grid: await heatmap(ws.db, pairFilter(c.req.query())) }),
  );
  api.get('/net/volume', async (c) =>
    c.json(await volume(ws.db, pairFilter(c.req.query()), int(c.req.query('buckets'), 168, 10, 2000))),
  );
  api.get('/net/pair', async (c) => {
    const q = c.req.query();
    if (!q.host || !q.dst) return c.json({ error: 'host and dst' }, 400);
    const r = await contacts(ws.db, q.host, q.dst, text(q.format));
    const dst = q.dst.toLowerCase();
    const findings = ws.findings.filter(
      (f) => f.hkey === q.host && f.peer !== null && f.peer.toLowerCase().includes(dst),
    );
    return c.json({ ...r, findings });
  });

  api.get('/review', (c) => c.json(ws.review));
  api.get('/record', (c) => c.json(new CaseDir(ws.dir).record()));
  api.get('/integrity', async (c) => {
    const manifest = new CaseDir(ws.dir).manifest();
    const check = c.req.query('verify') === '1' && manifest ? await verifyEvidenceManifest(manifest) : undefined;
    return c.json({
      manifest: manifest ?? null,
      custody: verifyCustody(ws.dir),
      verification: check ? { at: new Date().toISOString(), changes: check.changes } : null,
    });
  });
  api.get('/respond/options', (c) => c.json(respondOptions(ws)));
  api.get('/report/status', (c) => c.json(ws.reportState));
  return api;
}

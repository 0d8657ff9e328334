/**
 * report.md: the same sections as report.html for tickets, wikis and mail. Values from logs are code
 * spans or escaped prose (`escape.ts`): no raw HTML, no links, no table breakage whatever they contain.
 * The spread graph becomes its edge list.
 */
import { kindName, kindNames } from '../core/finding.ts';
import { LEVELS, type Level } from '../core/finding.ts';
import '../core/messages.ts';
import { formatLocal } from '../core/time-format.ts';
import { PHASES, phaseName } from '../case/record.ts';
import { t, type Lang, type MessageKey, dynamicKey } from '../i18n/index.ts';
import { impactOf, MEASURES, type MeasureId } from '../respond/impact.ts';
import { deriveInvestigation, formatBytes } from './derive.ts';
import { md, mdCode } from '../core/escape.ts';
import { type SECTIONS, MAX_ROWS } from './html.ts';
import { localText, VERDICTS, type ReportModel } from './model.ts';
import { managementSummary } from './summary.ts';
import './messages.ts';

const over = (xs: unknown[]): number => Math.max(0, xs.length - MAX_ROWS);

export function renderMarkdown(m: ReportModel): string {
  const lang: Lang = m.meta.lang;
  const L = (code: MessageKey, p: Record<string, string | number> = {}): string => md(t(code, p, lang));
  const levelText = (level: string): string =>
    LEVELS.includes(level as Level) ? L(dynamicKey(`level.${level}`)) : md(level);
  const tz = m.meta.timeZone;
  const time = (us: number | undefined): string =>
    us === undefined || !Number.isFinite(us) ? '-' : md(formatLocal(us, tz));
  const isoRaw = (s: string | undefined): string => {
    const ms = s ? Date.parse(s) : NaN;
    return Number.isNaN(ms) ? s || '-' : formatLocal(ms * 1000, tz);
  };
  const out: string[] = [];
  const table = (head: string[], rows: string[][], omitted = 0): void => {
    if (!rows.length) {
      out.push(L('report.none'), '');
      return;
    }
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const r of rows.slice(0, MAX_ROWS)) out.push(`| ${r.map((c) => c || ' ').join(' | ')} |`);
    const more = rows.length - Math.min(rows.length, MAX_ROWS) + omitted;
    out.push('');
    if (more > 0) out.push(L('report.omitted', { count: more }), '');
  };
  const heading = (id: (typeof SECTIONS)[number]): void => {
    out.push(`## ${L(`report.s.${id}`)}`, '');
  };
  const verdict = (v: string): string =>
    L(dynamicKey(`report.verdict.${(VERDICTS as readonly string[]).includes(v) ? v : 'unknown'}`));

  out.push(`# ${L('report.title', { case: m.meta.caseId })}`, '');
  if (m.meta.title) out.push(md(m.meta.title), '');
  out.push(L('report.generated', { time: isoRaw(m.meta.generatedAt), tool: m.meta.tool, zone: tz }), '');

  heading('summary');
  for (const s of managementSummary(m, lang)) out.push(`- ${md(s)}`);
  out.push('');

  heading('timeline');
  table(
    [
      L('report.col.time'),
      L('report.col.level'),
      L('report.col.host'),
      L('report.col.event'),
      L('report.col.details'),
      L('report.col.source'),
    ],
    m.timeline
      .slice(0, MAX_ROWS)
      .map((r) => [
        time(r.ts),
        levelText(r.level),
        md(r.host ?? '-'),
        md(r.title),
        mdCode(r.details ?? ''),
        mdCode(r.source ?? ''),
      ]),
    (m.timelineOmitted ?? 0) + over(m.timeline),
  );

  heading('hosts');
  const hosts = [...m.hosts].sort(
    (a, b) =>
      VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
      (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity) ||
      a.name.localeCompare(b.name),
  );
  table(
    [
      L('report.col.host'),
      L('report.col.ips'),
      L('report.col.verdict'),
      L('report.col.confidence'),
      L('report.col.first'),
      L('report.col.last'),
      L('report.col.role'),
      L('report.col.findings'),
      L('report.col.reason'),
    ],
    hosts
      .slice(0, MAX_ROWS)
      .map((h) => [
        mdCode(h.name),
        mdCode((h.ips ?? []).join(', ')),
        verdict(h.verdict),
        h.confidence === undefined ? '-' : `${Math.round(h.confidence * 100)}%`,
        time(h.first_seen),
        time(h.last_seen),
        md(localText(h.role, lang)),
        md(h.findings ?? '-'),
        md(localText(h.reason, lang)),
      ]),
    over(hosts),
  );

  heading('graph');
  const edges = [...m.edges].sort((a, b) => (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity));
  if (!edges.length) out.push(L('report.graph.empty'), '');
  table(
    [
      L('report.col.from'),
      L('report.col.to'),
      L('report.col.kind'),
      L('report.col.label'),
      L('report.col.first'),
      L('report.col.count'),
    ],
    edges
      .slice(0, MAX_ROWS)
      .map((e) => [
        mdCode(e.from),
        mdCode(e.to),
        L(`report.edge.${e.kind}`),
        md(kindNames(e.label ?? '', lang)),
        time(e.first_seen),
        md(e.count ?? '-'),
      ]),
    over(edges),
  );

  heading('phases');
  table(
    [
      L('report.col.phase'),
      L('report.col.first'),
      L('report.col.last'),
      L('report.col.hosts'),
      L('report.col.kind'),
      L('report.col.attack'),
    ],
    (m.phases ?? []).map((p) => [
      L(`report.phase.${p.phase}`),
      time(p.first_seen),
      time(p.last_seen),
      mdCode(p.hosts.join(', ')),
      md(
        Object.entries(p.kinds)
          .map(([k, n]) => `${kindName(k, lang)} ×${n}`)
          .join(', '),
      ),
      md(p.attack.join(', ')),
    ]),
  );

  heading('cnc');
  table(
    [
      L('report.col.peer'),
      L('report.col.kind'),
      L('report.col.hosts'),
      L('report.col.first'),
      L('report.col.last'),
      L('report.col.count'),
      L('report.col.bytes'),
      L('report.col.basis'),
    ],
    m.cnc
      .slice(0, MAX_ROWS)
      .map((c) => [
        mdCode(c.peer),
        L(`report.cnc.${c.kind}`),
        mdCode(c.hosts.join(', ')),
        time(c.first_seen),
        time(c.last_seen),
        md(c.count ?? '-'),
        md(formatBytes(c.bytes_out)),
        md(localText(c.basis, lang)),
      ]),
    over(m.cnc),
  );

  heading('containment');
  const c = m.containment;
  if (c?.measures.length) {
    out.push(
      L('report.containment.level', { level: c.level ?? '-', time: isoRaw(c.generated_at), dir: c.dir ?? '-' }),
      '',
    );
    if (c.indicators) out.push(L('report.containment.counts', c.indicators), '');
    table(
      [
        L('report.col.measure'),
        L('report.col.status'),
        L('report.col.files'),
        L('report.col.c'),
        L('report.col.i'),
        L('report.col.a'),
        L('report.col.rollback'),
      ],
      c.measures.map((x) => {
        const known = (MEASURES as readonly string[]).includes(x.id) ? impactOf(x.id as MeasureId, lang) : undefined;
        return [
          md(localText(x.title, lang) || known?.title || x.id),
          L(`report.status.${x.status}`),
          (x.files ?? []).map((f) => mdCode(f)).join(', '),
          md(known?.c ?? ''),
          md(known?.i ?? ''),
          md(known?.a ?? ''),
          md(known?.rollback ?? ''),
        ];
      }),
    );
  } else out.push(L('report.sum.nocontainment'), '');

  heading('investigation');
  const inv = deriveInvestigation(m);
  for (const k of ['intrusion', 'spread', 'exfiltration', 'recovery'] as const) {
    out.push(`### ${L(`report.inv.${k}`)}`, '');
    if (!inv[k].length) out.push(L('report.inv.unknown'));
    for (const x of inv[k])
      out.push(
        `- ${md(localText(x.text, lang))}${x.evidence?.length ? ` ${x.evidence.map((e) => mdCode(e, false)).join(', ')}` : ''}${x.derived ? ` *(${L('report.inv.derived')})*` : ''}`,
      );
    out.push('');
  }

  heading('findings');
  table(
    [
      L('report.col.severity'),
      L('report.col.host'),
      L('report.col.peer'),
      L('report.col.first'),
      L('report.col.last'),
      L('report.col.count'),
      L('report.col.summary'),
      L('report.col.producer'),
    ],
    [...m.findings]
      .sort((a, b) => a.first_seen - b.first_seen)
      .slice(0, MAX_ROWS)
      .map((f) => [
        levelText(f.severity),
        mdCode(f.host ?? '-'),
        mdCode(f.peer ?? '-'),
        time(f.first_seen),
        time(f.last_seen),
        md(f.count),
        md(lang === 'ja' ? f.summary_ja || f.summary_en : f.summary_en),
        md(`${f.producer}${f.attack?.length ? ` (${f.attack.join(', ')})` : ''}`),
      ]),
    over(m.findings),
  );

  heading('record');
  if (m.record) {
    const r = m.record;
    table(
      [L('report.col.phase'), L('report.col.started'), L('report.col.completed')],
      PHASES.map((p) => [
        md(`${p}. ${phaseName(p, lang)}`),
        md(isoRaw(r.phases[p].started)),
        md(isoRaw(r.phases[p].completed)),
      ]),
    );
    table(
      [L('report.col.time'), L('report.col.phase'), L('report.col.author'), L('report.col.note')],
      r.notes.map((n) => [md(isoRaw(n.ts)), md(n.phase ?? '-'), md(n.author), md(n.text)]),
    );
  } else out.push(L('report.none'), '');

  heading('manifest');
  if (m.manifest) {
    const ver = m.manifest.verification;
    out.push(
      `${L('report.manifest.created', { time: isoRaw(m.manifest.created), tool: m.manifest.tool ?? '-' })} ${ver ? (ver.changes.length ? L('report.manifest.changes', { time: isoRaw(ver.at), count: ver.changes.length }) : L('report.manifest.ok', { time: isoRaw(ver.at) })) : L('report.manifest.notverified')}`,
      '',
    );
    const byPath = new Map<string, string[]>();
    for (const ch of ver?.changes ?? [])
      byPath.set(ch.path, [...(byPath.get(ch.path) ?? []), t(`report.change.${ch.kind}`, {}, lang)]);
    table(
      [
        L('report.col.path'),
        L('report.col.sha256'),
        L('report.col.size'),
        L('report.col.mtime'),
        L('report.col.status'),
      ],
      m.manifest.files.map((f) => [
        mdCode(f.path),
        mdCode(f.sha256),
        md(f.size),
        md(isoRaw(f.mtime)),
        byPath.has(f.path) ? `**${md(byPath.get(f.path)!.join(', '))}**` : ver ? 'OK' : '-',
      ]),
    );
  } else out.push(L('report.none'), '');

  out.push('---', '', L('report.footer'), '');
  return out.join('\n');
}

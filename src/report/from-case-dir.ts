/**
 * A ReportModel from the files of a case directory, for `konseki case report` until the lead fills it
 * from the store: case.json (compromised hosts, title), findings.jsonl, timeline.jsonl (high and critical
 * rows), evidence-manifest.json (verified again unless told not to), incident-record.json and
 * respond/plan.json. Files are streamed and capped; a missing or broken file leaves its part empty.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseTs } from '../core/event.ts';
import { kindNames } from '../core/finding.ts';
import { zoneSentence } from '../core/time-format.ts';
import { settingsOf } from '../case/settings.ts';
import { ruleTitle } from '../sigma/rule-title.ts';
import type { Finding, FindingSeverity } from '../core/finding.ts';
import { readEvidenceManifest, verifyEvidenceManifest } from '../case/custody.ts';
import { containmentStatus, readRecord, RECORD_FILE, type IncidentRecord } from '../case/record.ts';
import { tBoth, type Lang } from '../i18n/index.ts';
import type { CaseFile } from '../case/types.ts';
import type { Composite } from '../case/composite.ts';
import type { KonsekiCaseFile } from '../case/case-file.ts';
import type { PlanFile } from '../respond/write.ts';
import type {
  CncEntry,
  ContainmentMeasure,
  EdgeKind,
  ReportEdge,
  ReportHost,
  ReportModel,
  TimelineRow,
} from './model.ts';

export const MAX_FINDINGS = 20_000;
export const MAX_TIMELINE_ROWS = 2_000;

async function* jsonLines(file: string, max: number): AsyncGenerator<Record<string, unknown>> {
  if (!existsSync(file)) return;
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    if (++n > max) break;
    try {
      const v = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) yield v as Record<string, unknown>;
    } catch {
      // a broken line is skipped; the file is evidence output, not evidence
    }
  }
  rl.close();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

function findingOf(r: Record<string, unknown>): Finding | undefined {
  const severity = str(r.severity);
  if (!severity || !SEVERITIES.has(severity)) return undefined;
  const time = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? parseTs(v) : NaN);
  return {
    kind: str(r.kind) ?? 'unknown',
    severity: severity as FindingSeverity,
    host: str(r.host) ?? null,
    peer: str(r.peer) ?? null,
    first_seen: time(r.first_seen),
    last_seen: time(r.last_seen),
    count: typeof r.count === 'number' ? r.count : 1,
    evidence: Array.isArray(r.evidence)
      ? (r.evidence as Finding['evidence']).filter((e) => e && typeof e.file === 'string').slice(0, 20)
      : [],
    summary_en: str(r.summary_en) ?? '',
    summary_ja: str(r.summary_ja) ?? '',
    producer: str(r.producer) ?? '',
    attack: Array.isArray(r.attack) ? r.attack.filter((x): x is string => typeof x === 'string') : [],
    details: r.details && typeof r.details === 'object' ? (r.details as Record<string, unknown>) : {},
  };
}

/** Which edge a finding between a host and a peer stands for, from the words in its kind. */
export function edgeKindOf(kind: string): EdgeKind | undefined {
  const k = kind.toLowerCase();
  if (/exfil|upload|large-transfer/.test(k)) return 'exfil';
  if (/beacon|c2|cnc|threat-intel|ioc/.test(k)) return 'c2';
  if (/lateral|psexec|wmi|winrm|remote-exec|pass-the/.test(k)) return 'lateral';
  if (/logon|rdp|ssh|brute/.test(k)) return 'logon';
  if (/scan|sweep/.test(k)) return 'scan';
  if (/download/.test(k)) return 'download';
  return undefined;
}

const LEVELS: Record<string, string> = { crit: 'critical', critical: 'critical', high: 'high' };

export async function modelFromCaseDir(
  dir: string,
  o: { lang: Lang; timeZone: string; tool: string; verify?: boolean; now?: Date },
): Promise<ReportModel> {
  const caseDir = resolve(dir);
  let cf: CaseFile = {};
  try {
    if (existsSync(join(caseDir, 'case.json')))
      cf = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as CaseFile;
  } catch {
    cf = {};
  }
  const findings: Finding[] = [];
  for await (const r of jsonLines(join(caseDir, 'findings.jsonl'), MAX_FINDINGS)) {
    const f = findingOf(r);
    if (!f) continue;
    // sentences name their instants (offset or UTC): shown in the report's zone
    f.summary_en = zoneSentence(f.summary_en, o.timeZone);
    f.summary_ja = zoneSentence(f.summary_ja, o.timeZone);
    findings.push(f);
  }

  const hosts = new Map<string, ReportHost>();
  const host = (name: string): ReportHost => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { name, verdict: 'unknown', findings: 0 }));
    return h;
  };
  for (const h of Array.isArray(cf.hosts) ? cf.hosts : []) {
    if (!h || typeof h.ip !== 'string') continue;
    const x = host(typeof h.name === 'string' && h.name ? h.name : h.ip);
    x.ips = [h.ip];
    x.verdict = 'compromised';
  }
  const edges: ReportEdge[] = [];
  const cnc = new Map<string, CncEntry>();
  let from = Infinity;
  let to = -Infinity;
  for (const f of findings) {
    if (Number.isFinite(f.first_seen)) from = Math.min(from, f.first_seen);
    if (Number.isFinite(f.last_seen)) to = Math.max(to, f.last_seen);
    if (!f.host) continue;
    const h = host(f.host);
    h.findings = (h.findings ?? 0) + 1;
    if (Number.isFinite(f.first_seen) && !(h.first_seen! <= f.first_seen)) h.first_seen = f.first_seen;
    if (Number.isFinite(f.last_seen) && !(h.last_seen! >= f.last_seen)) h.last_seen = f.last_seen;
    if ((f.severity === 'critical' || f.severity === 'high') && h.verdict === 'unknown') h.verdict = 'suspicious';
    const kind = edgeKindOf(f.kind);
    if (f.peer && kind) {
      edges.push({
        from: f.host,
        to: f.peer,
        kind,
        label: f.kind,
        first_seen: f.first_seen,
        last_seen: f.last_seen,
        count: f.count,
      });
      if (kind === 'c2' || kind === 'exfil' || kind === 'download') {
        const key = `${kind}\u0000${f.peer}`;
        const c = cnc.get(key) ?? { peer: f.peer, kind, hosts: [], count: 0, basis: f.kind };
        if (!c.hosts.includes(f.host)) c.hosts.push(f.host);
        c.count = (c.count ?? 0) + f.count;
        c.first_seen = Math.min(c.first_seen ?? Infinity, f.first_seen);
        c.last_seen = Math.max(c.last_seen ?? -Infinity, f.last_seen);
        const bytes = Number((f.details as Record<string, unknown>)?.bytes_out);
        if (Number.isFinite(bytes)) c.bytes_out = (c.bytes_out ?? 0) + bytes;
        cnc.set(key, c);
      }
    }
  }
  // a host name that is also an edge peer inside the case is an internal host, not an external node
  for (const e of edges) if (hosts.has(e.to) && e.kind === 'logon') e.kind = 'lateral';
  const composite = (cf as KonsekiCaseFile).composite;
  if (composite && Array.isArray(composite.hosts)) fromComposite(composite, hosts, edges, cnc);

  const timeline: TimelineRow[] = [];
  let omitted = 0;
  for await (const r of jsonLines(join(caseDir, 'timeline.jsonl'), 5_000_000)) {
    const level = LEVELS[String(r.Level ?? '').toLowerCase()];
    if (!level) continue;
    if (timeline.length >= MAX_TIMELINE_ROWS) {
      omitted++;
      continue;
    }
    timeline.push({
      ts: parseTs(String(r.Timestamp ?? '')),
      level,
      host: str(r.Computer),
      title: ruleTitle(str(r.RuleID), str(r.RuleTitle) ?? '', o.lang),
      details: str(r.Details),
      source: str(r.EvidenceFile),
    });
  }

  const manifest = readEvidenceManifest(caseDir);
  const verification =
    manifest && o.verify !== false
      ? { at: (o.now ?? new Date()).toISOString(), changes: (await verifyEvidenceManifest(manifest)).changes }
      : undefined;
  let record: IncidentRecord | undefined;
  try {
    record = existsSync(join(caseDir, RECORD_FILE)) ? readRecord(caseDir) : undefined;
  } catch {
    record = undefined;
  }

  let containment: ReportModel['containment'];
  try {
    const planPath = join(caseDir, 'respond', 'plan.json');
    if (existsSync(planPath)) {
      const pf = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
      const status = record ? containmentStatus(record) : new Map();
      const measures: ContainmentMeasure[] = (pf.measures ?? []).map((id) => {
        const ev = status.get(id) ?? status.get('all');
        const m: ContainmentMeasure = {
          id,
          status: ev?.status ?? 'proposed',
          files: (pf.files ?? []).filter((f) => f.measures.includes(id)).map((f) => f.file),
        };
        if (ev) m.at = Date.parse(ev.ts) * 1000;
        return m;
      });
      containment = {
        level: pf.level,
        generated_at: pf.generated_at,
        dir: 'respond/',
        measures,
        indicators: {
          nets: pf.indicators?.nets?.length ?? 0,
          domains: pf.indicators?.domains?.length ?? 0,
          urls: pf.indicators?.urls?.length ?? 0,
          refused: (pf.refused ?? []).filter((x) => x.severity !== 'info').length,
        },
      };
    }
  } catch {
    containment = undefined;
  }

  return {
    meta: {
      caseId: typeof cf.case_id === 'string' ? cf.case_id : basename(caseDir),
      title: typeof cf.title === 'string' ? cf.title : undefined,
      generatedAt: (o.now ?? new Date()).toISOString(),
      tool: o.tool,
      lang: o.lang,
      timeZone: o.timeZone,
      period: Number.isFinite(from) && Number.isFinite(to) ? { from, to } : undefined,
      settings: settingsOf(cf as KonsekiCaseFile),
    },
    hosts: [...hosts.values()],
    edges,
    findings,
    timeline,
    timelineOmitted: omitted,
    cnc: [...cnc.values()],
    phases: Array.isArray(composite?.phases) ? composite.phases : undefined,
    containment,
    manifest: manifest
      ? { created: manifest.created, tool: manifest.tool, files: manifest.files, verification }
      : undefined,
    record,
  };
}

/** The composite analysis of triage (case.json) replaces what the findings alone suggest. */
function fromComposite(
  c: Composite,
  hosts: Map<string, ReportHost>,
  edges: ReportEdge[],
  cnc: Map<string, CncEntry>,
): void {
  hosts.clear();
  for (const h of c.hosts) {
    hosts.set(h.name, {
      name: h.name,
      ips: h.ips,
      verdict: h.verdict,
      confidence: h.confidence,
      first_seen: h.first_seen ?? undefined,
      last_seen: h.last_seen ?? undefined,
      role: h.patient_zero ? tBoth('report.role.patient_zero') : undefined,
      findings: h.findings,
      reason: h.reasons.length
        ? tBoth('report.reason.evidence', {
            kinds_en: kindNames(h.reasons.join(', '), 'en'),
            kinds_ja: kindNames(h.reasons.join(', '), 'ja'),
          })
        : undefined,
    });
  }
  edges.length = 0;
  for (const e of c.edges)
    edges.push({
      from: e.from,
      to: e.to,
      kind: e.kind,
      label: e.label,
      first_seen: e.first_seen,
      last_seen: e.last_seen,
      count: e.count,
      bytes: e.bytes,
    });
  cnc.clear();
  for (const x of c.external) {
    if (x.kind === 'attacker') continue;
    cnc.set(`${x.kind}\u0000${x.peer}`, {
      peer: x.peer,
      kind: x.kind,
      hosts: x.hosts,
      first_seen: x.first_seen,
      last_seen: x.last_seen,
      count: x.count,
      bytes_out: x.bytes,
      basis: x.basis.join(', '),
    });
  }
}

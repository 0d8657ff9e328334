/**
 * The report model of a case from its parts, wherever they come from: triage passes what it holds in
 * memory, later commands what from-case-dir.ts reads from the case directory. Hosts, edges and C&C
 * peers come from the findings, replaced by triage's composite picture when case.json holds one.
 */
import { kindNames, type Finding } from '../core/finding.ts';
import type { KonsekiCaseFile } from '../case/case-file.ts';
import { settingsOf } from '../case/settings.ts';
import type { Composite } from '../case/composite.ts';
import type { EvidenceManifest, ManifestChange } from '../case/custody.ts';
import { containmentStatus, type IncidentRecord } from '../case/record.ts';
import { tBoth, type Lang } from '../i18n/index.ts';
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

export interface ReportInputs {
  /** case.json (or what triage is about to write there) */
  caseFile: KonsekiCaseFile;
  /** the case id when case.json has none (the directory's name) */
  caseId: string;
  findings: Finding[];
  /** high and critical timeline rows */
  timeline: TimelineRow[];
  timelineOmitted: number;
  manifest?: EvidenceManifest;
  verification?: { at: string; changes: ManifestChange[] };
  record?: IncidentRecord;
  plan?: PlanFile;
}

export interface ReportOptions {
  lang: Lang;
  timeZone: string;
  tool: string;
  now?: Date;
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

export function buildReportModel(inp: ReportInputs, o: ReportOptions): ReportModel {
  const cf = inp.caseFile;
  const findings = inp.findings;
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

  let containment: ReportModel['containment'];
  const pf = inp.plan;
  if (pf && typeof pf === 'object') {
    const status = inp.record ? containmentStatus(inp.record) : new Map();
    const measures: ContainmentMeasure[] = (Array.isArray(pf.measures) ? pf.measures : []).map((id) => {
      const ev = status.get(id) ?? status.get('all');
      const m: ContainmentMeasure = {
        id,
        status: ev?.status ?? 'proposed',
        files: (Array.isArray(pf.files) ? pf.files : []).filter((f) => f?.measures?.includes(id)).map((f) => f.file),
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
        refused: (Array.isArray(pf.refused) ? pf.refused : []).filter((x) => x?.severity !== 'info').length,
      },
    };
  }

  return {
    meta: {
      caseId: typeof cf.case_id === 'string' ? cf.case_id : inp.caseId,
      title: typeof cf.title === 'string' ? cf.title : undefined,
      generatedAt: (o.now ?? new Date()).toISOString(),
      tool: o.tool,
      lang: o.lang,
      timeZone: o.timeZone,
      period: Number.isFinite(from) && Number.isFinite(to) ? { from, to } : undefined,
      settings: settingsOf(cf),
    },
    hosts: [...hosts.values()],
    edges,
    findings,
    timeline: inp.timeline,
    timelineOmitted: inp.timelineOmitted,
    cnc: [...cnc.values()],
    phases: Array.isArray(composite?.phases) ? composite.phases : undefined,
    containment,
    manifest: inp.manifest
      ? {
          created: inp.manifest.created,
          tool: inp.manifest.tool,
          files: inp.manifest.files,
          verification: inp.verification,
        }
      : undefined,
    record: inp.record,
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

/**
 * What konseki can say by itself about the four investigation items (intrusion path, spread, exfiltration,
 * recovery needs) from hosts, edges, C&C entries and findings. Analysts' statements in the model come
 * first; derived ones are marked as such and only fill items nobody wrote.
 */
import { kindNames } from '../core/finding.ts';
import { formatLocal } from '../core/time-format.ts';
import { tBoth, type MessageKey } from '../i18n/index.ts';
import type { Investigation, InvestigationItem, ReportHost, ReportModel } from './model.ts';
import './messages.ts';

const SEVERITY_RANK: Record<string, number> = { critical: 3, high: 2, medium: 1, low: 0 };

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]} (${n} B)`;
}

/** The earliest compromised host (or suspicious one when none is compromised). */
export function patientZero(hosts: ReportHost[]): ReportHost | undefined {
  for (const verdict of ['compromised', 'suspicious'] as const) {
    const hs = hosts.filter((h) => h.verdict === verdict && Number.isFinite(h.first_seen));
    if (hs.length) return hs.reduce((a, b) => (b.first_seen! < a.first_seen! ? b : a));
  }
  return undefined;
}

/** An edge's label (finding kinds) named in each language. */
const labels = (label: string): { label_en: string; label_ja: string } => ({
  label_en: kindNames(label, 'en'),
  label_ja: kindNames(label, 'ja'),
});

export function deriveInvestigation(m: ReportModel): Investigation {
  const tz = m.meta.timeZone;
  const time = (us: number | undefined): string => (us === undefined ? '-' : formatLocal(us, tz));
  const given = m.investigation ?? {};
  const hostNames = new Set(m.hosts.map((h) => h.name));
  const item = (
    code: MessageKey,
    params: Record<string, string | number>,
    extra: Partial<InvestigationItem> = {},
  ): InvestigationItem => ({ text: tBoth(code, params), derived: true, ...extra });

  const intrusion: InvestigationItem[] = [];
  const p0 = patientZero(m.hosts);
  if (p0) {
    intrusion.push(
      item(
        'report.inv.patient_zero',
        { host: p0.name, time: time(p0.first_seen) },
        { to: p0.name, when: p0.first_seen },
      ),
    );
    for (const e of m.edges.filter((x) => x.to === p0.name && !hostNames.has(x.from)).slice(0, 5)) {
      intrusion.push(
        item(
          'report.inv.inbound',
          { from: e.from, to: e.to, ...labels(e.label ?? e.kind), time: time(e.first_seen) },
          { from: e.from, to: e.to, how: e.label, when: e.first_seen },
        ),
      );
    }
    const first = m.findings
      .filter((f) => f.host === p0.name && (SEVERITY_RANK[f.severity] ?? 0) >= 1)
      .sort((a, b) => a.first_seen - b.first_seen)[0];
    if (first)
      intrusion.push({
        text: {
          en: tBoth('report.inv.first_finding', { host: p0.name, summary: first.summary_en }).en,
          ja: tBoth('report.inv.first_finding', { host: p0.name, summary: first.summary_ja || first.summary_en }).ja,
        },
        derived: true,
        to: p0.name,
        when: first.first_seen,
        evidence: first.evidence.slice(0, 3).map((e) => e.file),
      });
  }

  const spread = m.edges
    .filter((e) => hostNames.has(e.from) && hostNames.has(e.to) && e.kind !== 'c2' && e.kind !== 'exfil')
    .sort((a, b) => (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity))
    .slice(0, 100)
    .map((e) =>
      item(
        'report.inv.spread_edge',
        { from: e.from, to: e.to, ...labels(e.label ?? e.kind), time: time(e.first_seen), count: e.count ?? 1 },
        { from: e.from, to: e.to, how: e.label, when: e.first_seen },
      ),
    );

  const exfiltration: InvestigationItem[] = [];
  const exfil = m.cnc.filter((c) => c.kind === 'exfil');
  for (const c of exfil.slice(0, 50)) {
    exfiltration.push(
      item(
        'report.inv.exfil',
        {
          hosts: c.hosts.join(', '),
          peer: c.peer,
          bytes: formatBytes(c.bytes_out),
          count: c.count ?? 1,
          from: time(c.first_seen),
          to: time(c.last_seen),
        },
        { from: c.hosts.join(', '), to: c.peer, when: c.first_seen },
      ),
    );
  }
  if (!exfil.length) {
    for (const c of m.cnc.filter((x) => x.kind === 'c2').slice(0, 10))
      exfiltration.push(
        item(
          'report.inv.c2_only',
          { hosts: c.hosts.join(', '), peer: c.peer },
          { from: c.hosts.join(', '), to: c.peer },
        ),
      );
  }

  const recovery: InvestigationItem[] = m.hosts
    .filter((h) => h.verdict === 'compromised')
    .slice(0, 200)
    .map((h) => {
      const verdict = tBoth(`report.verdict.${h.verdict}`);
      const text = {
        en: tBoth('report.inv.rebuild', { host: h.name, verdict: verdict.en }).en,
        ja: tBoth('report.inv.rebuild', { host: h.name, verdict: verdict.ja }).ja,
      };
      return { text, derived: true, what: h.name };
    });
  const c2count = m.containment?.indicators
    ? m.containment.indicators.nets + m.containment.indicators.domains + m.containment.indicators.urls
    : m.cnc.length;
  if (c2count) recovery.push(item('report.inv.keep_blocked', { count: c2count }));

  return {
    intrusion: given.intrusion?.length ? given.intrusion : intrusion,
    spread: given.spread?.length ? given.spread : spread,
    exfiltration: given.exfiltration?.length ? given.exfiltration : exfiltration,
    recovery: given.recovery?.length ? given.recovery : recovery,
  };
}

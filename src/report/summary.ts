/** The figures konseki states for management, after the analyst's own sentences. */
import { formatLocal } from '../core/time-format.ts';
import { currentPhase, phaseName } from '../case/record.ts';
import { describeSettings } from '../case/settings.ts';
import { t, type Lang, type MessageKey } from '../i18n/index.ts';
import { formatBytes, patientZero } from './derive.ts';
import { localText, type ReportModel } from './model.ts';
import './messages.ts';

export function managementSummary(m: ReportModel, lang: Lang): string[] {
  const L = (code: MessageKey, p: Record<string, string | number> = {}): string => t(code, p, lang);
  const tz = m.meta.timeZone;
  const out: string[] = (m.summary ?? []).map((s) => localText(s, lang)).filter(Boolean);
  if (m.meta.period)
    out.push(
      L('report.sum.period', { from: formatLocal(m.meta.period.from, tz), to: formatLocal(m.meta.period.to, tz) }),
    );
  if (m.meta.settings) {
    // which zone the times and business hours mean, and a warning when it is only this machine's
    const st = describeSettings(m.meta.settings, lang);
    out.push(`${st.warn ? '⚠ ' : ''}${st.zone}`, st.calendar);
  }
  const count = (v: string): number => m.hosts.filter((h) => h.verdict === v).length;
  out.push(
    L('report.sum.hosts', {
      compromised: count('compromised'),
      suspicious: count('suspicious'),
      total: m.hosts.length,
    }),
  );
  const p0 = patientZero(m.hosts);
  if (p0) out.push(L('report.sum.first', { host: p0.name, time: formatLocal(p0.first_seen!, tz) }));
  const crit = m.findings.filter((f) => f.severity === 'critical').length;
  const high = m.findings.filter((f) => f.severity === 'high').length;
  if (m.findings.length) out.push(L('report.sum.findings', { critical: crit, high }));
  out.push(
    m.cnc.length ? L('report.sum.cnc', { count: new Set(m.cnc.map((c) => c.peer)).size }) : L('report.sum.nocnc'),
  );
  const exfil = m.cnc.filter((c) => c.kind === 'exfil');
  if (exfil.length)
    out.push(
      L('report.sum.exfil', {
        count: exfil.length,
        bytes: formatBytes(exfil.reduce((s, c) => s + (c.bytes_out ?? 0), 0)),
      }),
    );
  const c = m.containment;
  if (c?.measures.length) {
    const status = c.measures.some((x) => x.status === 'applied')
      ? 'applied'
      : c.measures.every((x) => x.status === 'rolled-back')
        ? 'rolled-back'
        : 'proposed';
    out.push(
      L('report.sum.containment', {
        status: L(`report.status.${status}`),
        level: c.level ?? '-',
        measures: c.measures.length,
      }),
    );
  } else out.push(L('report.sum.nocontainment'));
  if (m.record) {
    const p = currentPhase(m.record);
    if (p) out.push(L('report.sum.phase', { phase: p, name: phaseName(p, lang) }));
  }
  if (m.manifest?.verification) {
    const n = m.manifest.verification.changes.length;
    out.push(
      n
        ? L('report.sum.evidence_changed', { count: n })
        : L('report.sum.evidence_ok', { count: m.manifest.files.length }),
    );
  }
  return out;
}

/** The terminal summary of a triage run. Every value in it may come from the evidence: each passes val(). */
import { kindName, kindNames } from '../core/finding.ts';
import { formatLocal } from '../core/time-format.ts';
import { dynamicKey, type Lang } from '../i18n/index.ts';
import { ruleTitle } from '../sigma/rule-title.ts';
import '../core/messages.ts';
import type { TriageResult } from '../triage/run.ts';
import { describeSettings } from '../case/settings.ts';
import { leftUnread } from './exit-codes.ts';
import { msg as t, tell, val } from './output.ts';
import './scale-out-messages.ts';

/** `ingested`: for `konseki analyze`, the evidence files the case holds (their hashes were taken at ingest, not checked again). */
export function printTriageSummary(r: TriageResult, timeZone: string, lang: Lang, ingested?: number): void {
  const out: string[] = [];
  const s = r.summary;
  out.push('', t('triage.sum.title', { out: r.out }));
  out.push(
    t('triage.sum.inputs', {
      files: r.files.length,
      events: r.events,
      unrecognised: r.unrecognised.length,
      seconds: r.seconds.toFixed(1),
    }),
  );
  const byFormat = new Map<string, { files: number; events: number }>();
  for (const f of r.files) {
    const x = byFormat.get(f.format) ?? { files: 0, events: 0 };
    x.files++;
    x.events += f.events;
    byFormat.set(f.format, x);
  }
  for (const [format, x] of byFormat) out.push(t('triage.sum.formats', { format, files: x.files, events: x.events }));
  const st = describeSettings(r.settings, lang);
  out.push(`${st.warn ? '! ' : ''}${val(st.zone)}`, `  ${val(st.calendar)}`);
  const level = (l: string): string => t(dynamicKey(`level.${l}`));
  const levels = ['critical', 'high', 'medium', 'low', 'informational']
    .map((l) => `${level(l)} ${s.byLevel[l] ?? 0}`)
    .join(lang === 'ja' ? '、' : ', ');
  out.push(t('triage.sum.levels', { levels, rows: r.timelineRows }));
  out.push(t('triage.sum.top'));
  if (!s.topRules.length) out.push(t('triage.sum.none'));
  for (const x of s.topRules)
    out.push(`  ${String(x.count).padStart(7)}  [${level(x.level)}] ${val(ruleTitle(x.id, x.title, lang))}`);
  out.push(t('triage.sum.hosts'));
  const detections = new Map(s.hosts.map((h) => [h.host.split('.')[0]!.toUpperCase(), h]));
  const shown = r.composite.hosts.filter((h) => h.verdict !== 'unknown');
  if (!shown.length) out.push(t('triage.sum.none'));
  for (const h of shown.slice(0, 15)) {
    const d = detections.get(h.name);
    out.push(
      t('triage.sum.host', {
        host: h.name + (h.ips.length ? ` (${h.ips.join(', ')})` : ''),
        verdict: t(`triage.verdict.${h.verdict}`),
        confidence: Math.round(h.confidence * 100),
        critical: d?.critical ?? 0,
        high: d?.high ?? 0,
        findings: h.findings,
        first: formatLocal(h.first_seen ?? NaN, timeZone) || '-',
        last: formatLocal(h.last_seen ?? NaN, timeZone) || '-',
      }) + (h.patient_zero ? ` ${t('triage.sum.patient_zero')}` : ''),
    );
  }
  for (const e of r.composite.edges.filter((x) => x.kind === 'lateral').slice(0, 10)) {
    out.push(
      t('triage.sum.edge', {
        from: e.from,
        to: e.to,
        label: kindNames(e.label, lang),
        time: formatLocal(e.first_seen, timeZone),
      }),
    );
  }
  const kinds = Object.entries(s.findingsByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${kindName(k, lang)} ${n}`)
    .join(lang === 'ja' ? '、' : ', ');
  out.push(t('triage.sum.findings', { kinds: kinds || '-' }));
  for (const f of r.findings.filter((x) => x.severity === 'critical' || x.severity === 'high').slice(0, 15)) {
    out.push(
      `  [${level(f.severity)}] ${formatLocal(f.first_seen, timeZone)} ${val(f.host ?? '-')}: ${val(lang === 'ja' ? f.summary_ja : f.summary_en)}`,
    );
  }
  if (s.tampering.length) {
    out.push(t('triage.sum.tampering'));
    for (const f of s.tampering.slice(0, 10))
      out.push(
        `  ${formatLocal(f.first_seen, timeZone)} ${val(f.host ?? '-')}: ${val(lang === 'ja' ? f.summary_ja : f.summary_en)}`,
      );
  }
  const coverage = r.findings.filter((f) => f.kind === 'evidence-coverage');
  if (coverage.length) {
    out.push(t('triage.sum.coverage'));
    for (const f of coverage.slice(0, 10)) out.push(`  ${val(lang === 'ja' ? f.summary_ja : f.summary_en)}`);
    if (coverage.length > 10) out.push(`  … (+${coverage.length - 10})`);
  }
  const badTimes = r.issues
    .filter((i) => i.code === 'event.bad_times')
    .reduce((n, i) => n + Number(i.params?.count), 0);
  if (badTimes) out.push(t('triage.sum.bad_times', { count: badTimes }));
  const unread = r.issues.filter(leftUnread).length;
  if (unread) out.push(t('triage.sum.unread', { count: unread }));
  const outside = r.issues.filter((i) => i.code === 'walk.link_outside').length;
  if (outside) out.push(t('triage.sum.links_outside', { count: outside }));
  if (ingested !== undefined) out.push(t('scale.sum.ingested', { files: ingested }));
  else if (!r.evidenceFiles) out.push(t('triage.sum.no_evidence'));
  else
    out.push(
      r.evidenceChanges.length
        ? t('triage.sum.evidence_bad', { count: r.evidenceChanges.length })
        : t('triage.sum.evidence_ok', { files: r.evidenceFiles }),
    );
  out.push(t('triage.sum.outputs'));
  tell(out.join('\n'));
}

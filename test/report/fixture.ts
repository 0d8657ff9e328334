/** A report model with attacker-controlled strings in every field that can carry log content. */
import type { Finding } from '../../src/core/finding.ts';
import { emptyRecord, addNote, setPhase } from '../../src/case/record.ts';
import type { Lang } from '../../src/i18n/index.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { HOSTILE } from './hostile.ts';

const T0 = Date.UTC(2026, 10, 20, 1, 2, 3) * 1000;
const h = (i: number): string => HOSTILE[i % HOSTILE.length]!;

export function hostileModel(lang: Lang): ReportModel {
  const findings: Finding[] = HOSTILE.map((v, i) => ({
    kind: i % 3 === 0 ? 'beacon' : i % 3 === 1 ? 'lateral-psexec' : 'exfil-upload',
    severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4],
    host: i % 2 ? 'PC-07' : v,
    peer: v,
    first_seen: T0 + i * 60_000_000,
    last_seen: T0 + i * 120_000_000,
    count: i + 1,
    evidence: [{ file: `C:\\logs\\${v}.evtx`, record: i }],
    summary_en: `User-Agent ${v}`,
    summary_ja: `ユーザエージェント ${v}`,
    producer: v,
    attack: ['T1071.001', v],
    details: { ua: v },
  }));
  const record = emptyRecord(new Date(T0 / 1000));
  setPhase(record, 'A', 'done', new Date(T0 / 1000 + 1000));
  setPhase(record, 'C', 'start', new Date(T0 / 1000 + 2000));
  for (const v of HOSTILE.slice(0, 8)) addNote(record, v, h(3), 'C', new Date(T0 / 1000 + 3000));
  record.containment.push({
    ts: new Date(T0 / 1000 + 4000).toISOString(),
    author: h(1),
    measure: h(0),
    status: 'applied',
  });
  return {
    meta: {
      caseId: h(0),
      title: h(1),
      generatedAt: new Date(T0 / 1000).toISOString(),
      tool: h(2),
      lang,
      timeZone: 'Asia/Tokyo',
      period: { from: T0, to: T0 + 86_400_000_000 },
    },
    summary: [h(4), { en: h(5), ja: h(6) }],
    hosts: [
      {
        name: 'PC-07',
        ips: ['10.0.0.7'],
        verdict: 'compromised',
        confidence: 0.9,
        first_seen: T0,
        last_seen: T0 + 1e9,
        role: { en: 'patient zero', ja: '最初の感染端末' },
        findings: 12,
        reason: h(1),
      },
      ...HOSTILE.map((v, i) => ({
        name: v,
        ips: [h(i + 1)],
        verdict: (['compromised', 'suspicious', 'unknown', 'clean'] as const)[i % 4],
        confidence: (i % 10) / 10,
        first_seen: T0 + i * 1e9,
        last_seen: T0 + i * 2e9,
        role: v,
        findings: i,
        reason: { en: v, ja: v },
      })),
    ],
    edges: [
      { from: 'PC-07', to: h(0), kind: 'lateral', label: h(2), first_seen: T0 + 5e8, count: 3 },
      ...HOSTILE.map((v, i) => ({
        from: i % 2 ? 'PC-07' : h(i + 3),
        to: v,
        kind: (['lateral', 'c2', 'exfil', 'download', 'scan', 'logon', 'other'] as const)[i % 7],
        label: h(i + 7),
        first_seen: T0 + i * 1e8,
        count: i,
        bytes: i * 1000,
      })),
      { from: h(5), to: 'PC-07', kind: 'download', label: 'HTTP', first_seen: T0 - 1e9 },
    ],
    findings,
    timeline: HOSTILE.map((v, i) => ({
      ts: T0 + i * 1e6,
      host: v,
      level: i % 2 ? v : 'high',
      title: `Suspicious command line ${v}`,
      details: `CommandLine: ${v} ¦ ParentImage: ${h(i + 1)}`,
      source: `${h(i + 2)}.evtx#${i}`,
    })),
    timelineOmitted: 5,
    cnc: HOSTILE.map((v, i) => ({
      peer: v,
      kind: (['c2', 'exfil', 'download'] as const)[i % 3],
      hosts: ['PC-07', h(i + 1)],
      first_seen: T0,
      last_seen: T0 + 1e9,
      count: i,
      bytes_out: i * 12345,
      basis: { en: v, ja: v },
    })),
    containment: {
      level: h(0),
      generated_at: new Date(T0 / 1000).toISOString(),
      dir: h(1),
      measures: [
        { id: 'block-c2-net', status: 'applied', files: [h(2), 'nftables.nft'] },
        { id: h(3), title: h(4), status: 'proposed', files: [h(5)] },
      ],
      indicators: { nets: 3, domains: 4, urls: 5, refused: 6 },
    },
    manifest: {
      created: new Date(T0 / 1000).toISOString(),
      tool: h(0),
      files: HOSTILE.map((v, i) => ({ path: `/evidence/${v}`, sha256: i % 2 ? 'a'.repeat(64) : v, size: i, mtime: v })),
      verification: {
        at: new Date(T0 / 1000 + 5000).toISOString(),
        changes: [{ path: `/evidence/${h(0)}`, kind: 'sha256', expected: h(1), actual: h(2) }],
      },
    },
    investigation: {
      intrusion: [{ text: h(1), from: h(2), to: 'PC-07', how: h(3), evidence: [h(4), h(5)] }],
      recovery: [{ text: { en: h(6), ja: h(7) } }],
    },
    record,
  };
}

/**
 * The whole EVTX corpus, file by file: wherever the Rust evtx crate's rendering shows the events an
 * analysis is about, the analysis must fire (whatever the file's quirks: numbers as text in
 * forwarded logs, UserData, old schemas), and the files named for a technique are listed with
 * what fired on them. Prints the census: per finding kind, the number of files and findings.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.ts';
import { analyze, CORPUS_READY, EVTX, oracle, readEvents, type OracleEvent } from './helpers.ts';

interface Expectation {
  name: string;
  kinds: string[];
  present: (ev: OracleEvent[]) => boolean;
}

const jump = (e: OracleEvent): number =>
  Math.abs(Date.parse(e.data.NewTime ?? '') - Date.parse(e.data.PreviousTime ?? '')) / 1000;

const EXPECT: Expectation[] = [
  {
    name: 'log cleared (1102 / 104 from Eventlog)',
    kinds: ['log-cleared'],
    present: (ev) => ev.some((e) => (e.id === 1102 || e.id === 104) && e.provider === 'Microsoft-Windows-Eventlog'),
  },
  {
    name: 'PsExec service (7045/4697 PSEXESVC)',
    kinds: ['psexec'],
    present: (ev) =>
      ev.some(
        (e) =>
          (e.id === 7045 || e.id === 4697) &&
          /psexesvc/i.test(`${e.data.ServiceName} ${e.data.ImagePath ?? e.data.ServiceFileName}`),
      ),
  },
  {
    name: 'Defender detection (1116)',
    kinds: ['defender-detection'],
    present: (ev) => ev.some((e) => e.id === 1116 && e.provider === 'Microsoft-Windows-Windows Defender'),
  },
  {
    name: 'time changed by 5 min or more (4616 ISO times)',
    kinds: ['system-time-changed'],
    present: (ev) => ev.some((e) => e.id === 4616 && jump(e) >= 300),
  },
  {
    name: 'WMI command-line consumer (5861)',
    kinds: ['wmi-persistence'],
    present: (ev) =>
      ev.some((e) => e.id === 5861 && /^(CommandLine|ActiveScript)EventConsumer/.test(e.data.CONSUMER ?? '')),
  },
  {
    name: 'type 9 seclogo logon (4624)',
    kinds: ['pass-the-hash'],
    present: (ev) =>
      ev.some(
        (e) =>
          e.id === 4624 &&
          e.data.LogonType === '9' &&
          e.data.LogonProcessName?.trim() === 'seclogo' &&
          !/\$$/.test(e.data.TargetUserName ?? ''),
      ),
  },
  {
    name: 'RDP authentication (RCM 1149)',
    kinds: ['rdp-logon'],
    present: (ev) =>
      ev.some((e) => e.id === 1149 && e.channel.endsWith('RemoteConnectionManager/Operational') && !!e.data.Param3),
  },
  {
    name: 'scheduled task created and deleted (4698 + 4699)',
    kinds: ['scheduled-task'],
    present: (ev) => ev.some((e) => e.id === 4698) && ev.some((e) => e.id === 4699),
  },
];

/** Files named for a technique, and the kinds that answer the name. */
const NAMED: Array<[RegExp, string[]]> = [
  [
    /password-guessing|brut.?force|pwd_spray|password-spray|kerbrute/i,
    ['brute-force', 'password-spray', 'brute-force-success', 'rdp-scan'],
  ],
  [/psexec/i, ['psexec', 'service-shell', 'service-install']],
  [/clear/i, ['log-cleared']],
  [/defender/i, ['defender-detection', 'defender-disabled', 'defender-exclusion']],
  [/4616|time.?change|timestomp/i, ['system-time-changed']],
  [/wmi/i, ['wmi-persistence', 'wmi-execution']],
  [/winrm|wsman|powershellremoting|remotepowershell/i, ['winrm-inbound', 'winrm-outbound', 'winrm-execution']],
  [/\brdp|1149/i, ['rdp-logon', 'rdp-lateral-movement', 'rdp-scan']],
  [/pass.?the.?hash|_pth_|sekurlsa_pth/i, ['pass-the-hash']],
  [/schedul|atexec|4698/i, ['scheduled-task']],
];

function files(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name));
      else if (n.name.endsWith('.evtx')) out.push(join(d, n.name));
    }
  };
  walk(EVTX!);
  return out.sort();
}

describe.skipIf(!CORPUS_READY)('census of the EVTX corpus', () => {
  it('each analysis fires wherever its events are present; the census by kind and by named file', () => {
    const misses: string[] = [];
    const present = new Map<string, number>();
    const byKind = new Map<string, { files: number; findings: number }>();
    const named: string[] = [];
    for (const path of files()) {
      const rel = relative(EVTX!, path);
      let ev: OracleEvent[];
      try {
        ev = oracle(rel);
      } catch {
        continue; // the oracle could not read it (listed in evtx-oracle/disagreements.md)
      }
      const found: Finding[] = analyze(readEvents(path));
      for (const f of found)
        for (const text of [f.summary_en, f.summary_ja])
          if (/\{[a-z_]+\}/.test(text)) misses.push(`placeholder left in ${f.kind}: ${text}`);
      const kinds = new Set(found.map((f) => f.kind));
      for (const k of kinds) {
        const c = byKind.get(k) ?? { files: 0, findings: 0 };
        c.files++;
        c.findings += found.filter((f) => f.kind === k).length;
        byKind.set(k, c);
      }
      for (const x of EXPECT) {
        if (!x.present(ev)) continue;
        present.set(x.name, (present.get(x.name) ?? 0) + 1);
        if (!x.kinds.some((k) => kinds.has(k))) misses.push(`${x.name}: ${rel}`);
      }
      for (const [re, want] of NAMED) {
        if (!re.test(rel)) continue;
        const hit = want.filter((k) => kinds.has(k));
        named.push(
          `${hit.length ? 'fires ' : 'silent'} ${re.source.slice(0, 24).padEnd(24)} ${rel}${hit.length ? ` → ${hit.join(', ')}` : ''}`,
        );
      }
    }
    console.log(
      [
        'census (kind: files, findings):',
        ...[...byKind]
          .sort()
          .map(([k, c]) => `  ${k.padEnd(26)} ${String(c.files).padStart(4)} ${String(c.findings).padStart(5)}`),
      ].join('\n'),
    );
    console.log(
      ['files with the events of each analysis:', ...[...present].map(([n, c]) => `  ${n}: ${c}`)].join('\n'),
    );
    console.log(['files named for a technique:', ...named.map((l) => `  ${l}`)].join('\n'));
    expect(misses).toEqual([]);
    for (const x of EXPECT) expect(present.get(x.name) ?? 0, x.name).toBeGreaterThan(0);
  });
});

/**
 * Hostile and malformed events: every analysis and the Details column must take any field of any
 * type (arrays, booleans, null, huge strings, numbers as text, NaN times) without throwing, and
 * stay fast. Events are generated with a fixed seed so a failure can be reproduced.
 */
import { describe, expect, it } from 'vitest';
import { windowsAnalyzers } from '../../../src/analytics/windows/index.ts';
import { logonSummary } from '../../../src/analytics/windows/logon-summary.ts';
import type { Event, FieldValue } from '../../../src/core/event.ts';
import { detailsAndExtra } from '../../../src/report/details/index.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CHANNELS = [
  'Security',
  'System',
  'Microsoft-Windows-Windows Defender/Operational',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-WinRM/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
];
const IDS = [
  1, 6, 20, 21, 91, 104, 106, 131, 169, 200, 1102, 1116, 1117, 1119, 1149, 4616, 4624, 4625, 4648, 4672, 4688, 4697,
  4698, 4699, 4768, 4771, 4776, 4778, 5001, 5007, 5861, 7040, 7045, 21, 25,
];
const FIELDS = [
  'TargetUserName',
  'SubjectUserName',
  'IpAddress',
  'WorkstationName',
  'Workstation',
  'LogonType',
  'Status',
  'SubStatus',
  'KeyLength',
  'AuthenticationPackageName',
  'LogonProcessName',
  'TargetLogonId',
  'SubjectLogonId',
  'ProcessName',
  'NewProcessName',
  'ParentProcessName',
  'CommandLine',
  'NewProcessId',
  'ProcessId',
  'Image',
  'ParentImage',
  'ServiceName',
  'ImagePath',
  'ServiceFileName',
  'TaskName',
  'TaskContent',
  'PreviousTime',
  'NewTime',
  'PreviousDate',
  'NewDate',
  'OldTime',
  'Reason',
  'Severity ID',
  'Threat Name',
  'Threat ID',
  'Action ID',
  'New Value',
  'ESS',
  'CONSUMER',
  'Param1',
  'Param3',
  'User',
  'Address',
  'ClientIP',
  'param4',
  'Channel',
  'EventRecordID',
  'Data',
  'Type',
  'Name',
  'Consumer',
];

function value(r: () => number): FieldValue {
  const pick = Math.floor(r() * 14);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor(r() * 1e6);
    case 3:
      return -1;
    case 4:
      return NaN;
    case 5:
      return ['a', 3, 'x'.repeat(Math.floor(r() * 50))];
    case 6:
      return '';
    case 7:
      return '-';
    case 8:
      return `0x${Math.floor(r() * 0xffffffff).toString(16)}`;
    case 9:
      return `::ffff:10.${Math.floor(r() * 255)}.0.${Math.floor(r() * 255)}`;
    case 10:
      return `%%${Math.floor(r() * 20000)} %%1833\r\n\t%%99999999`;
    case 11:
      return '<Command>'.repeat(Math.floor(r() * 3000)) + '</Arguments>'.repeat(3);
    case 12:
      return 'A'.repeat(Math.floor(r() * 200_000));
    default:
      return `${'\\'.repeat(Math.floor(r() * 40))}"admin$\\__"${String.fromCharCode(Math.floor(r() * 0xffff))}%x%`;
  }
}

function hostile(n: number, seed: number): Event[] {
  const r = rng(seed);
  const out: Event[] = [];
  for (let i = 0; i < n; i++) {
    const fields: Record<string, FieldValue> = {
      EventID: r() < 0.2 ? String(IDS[Math.floor(r() * IDS.length)]) : IDS[Math.floor(r() * IDS.length)]!,
      Channel: r() < 0.1 ? [CHANNELS[0]!, 'Security'] : CHANNELS[Math.floor(r() * CHANNELS.length)]!,
      Provider_Name: r() < 0.5 ? 'Microsoft-Windows-Eventlog' : 'Microsoft-Windows-Kernel-General',
    };
    for (const f of FIELDS) if (r() < 0.4) fields[f] = value(r);
    out.push({
      ts: r() < 0.05 ? NaN : 1.7e15 + Math.floor(r() * 1e12) * (r() < 0.1 ? -1 : 1),
      source: {
        format: 'evtx',
        file: `f${Math.floor(r() * 5)}.evtx`,
        record: r() < 0.1 ? undefined : Math.floor(r() * 1000),
      },
      host: r() < 0.1 ? undefined : `H${Math.floor(r() * 4)}`,
      logsource: { product: 'windows' },
      fields,
    });
  }
  return out;
}

describe('hostile events', () => {
  it('analyses, logon summary and Details never throw and stay fast', () => {
    const events = hostile(5000, 20240501);
    const t = performance.now();
    const analyzers = windowsAnalyzers({ domainAdmins: ['admin'], userTerminals: ['H*', '10.0.0.0/8'] });
    for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
    const findings = analyzers.flatMap((a) => a.finish());
    for (const f of findings) {
      expect(typeof f.summary_en).toBe('string');
      expect(f.summary_ja.length).toBeGreaterThan(0);
      expect(`${f.summary_en} ${f.summary_ja}`).not.toMatch(/\{[a-z_]+\}/);
      expect(f.evidence.length).toBeLessThanOrEqual(50);
    }
    logonSummary(events);
    for (const e of events) {
      const d = detailsAndExtra(e);
      expect(d.details.length).toBeLessThan(200_000);
    }
    expect(performance.now() - t).toBeLessThan(30_000);
  });
});

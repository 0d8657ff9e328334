/**
 * Evidence shaped by an attacker, written by the tests themselves: Windows logons whose account and
 * computer names carry terminal escape sequences and line breaks (built with konseki's EVTX writer),
 * syslog lines with escape sequences, Suricata EVE lines with impossible times.
 */
import { buildEvtx, type WriteEvent } from '../../../src/sources/evtx/writer.ts';

/** What a hostile value tries: clear the screen, retitle the window, ring, and forge konseki's last line. */
export const FORGED_LINE = 'Evidence verified unchanged (999 files, SHA-256).';
export const HOSTILE_ACCOUNT = `adm\u001b]0;pwned\u0007\u001b[2J\n${FORGED_LINE}`;
export const HOSTILE_COMPUTER = 'WS01\u001b[31m\u202eexe.gnp';

const T0 = Date.UTC(2026, 9, 14, 1, 0, 0) * 1000;

function logon(eventId: 4624 | 4625, i: number, user: string, computer: string): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Security-Auditing',
    providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    channel: 'Security',
    computer,
    eventId,
    task: 12544,
    keywords: eventId === 4625 ? 0x8010000000000000n : 0x8020000000000000n,
    time: T0 + i * 2_000_000,
    eventData: {
      SubjectUserSid: { type: 'sid', value: 'S-1-0-0' },
      SubjectUserName: '-',
      SubjectDomainName: '-',
      SubjectLogonId: { type: 'hex64', value: 0 },
      TargetUserSid: { type: 'sid', value: 'S-1-0-0' },
      TargetUserName: user,
      TargetDomainName: 'CORP',
      ...(eventId === 4625
        ? { Status: { type: 'hex32', value: 0xc000006d }, SubStatus: { type: 'hex32', value: 0xc000006a } }
        : {}),
      LogonType: { type: 'uint32', value: 3 },
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: 'KALI',
      IpAddress: '203.0.113.66',
      IpPort: '50113',
    },
  };
}

/** A password guessing run against one hostile account name, then a success: the brute-force analysis reports it. */
export function hostileLogons(failures = 40, user = HOSTILE_ACCOUNT, computer = HOSTILE_COMPUTER): Buffer {
  const events: WriteEvent[] = [];
  for (let i = 0; i < failures; i++) events.push(logon(4625, i, user, computer));
  events.push(logon(4624, failures, user, computer));
  return buildEvtx(events);
}

/** sshd lines whose invalid user names carry escape sequences (OSC title, clear screen, bell). */
export function hostileAuthLog(lines = 30): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++)
    out.push(
      `Oct 14 10:${String(i % 60).padStart(2, '0')}:00 web01 sshd[${100 + i}]: Failed password for invalid user ` +
        `x\u001b]0;pwned\u0007\u001b[2Jy${i % 5} from 198.51.100.7 port ${40000 + i} ssh2`,
    );
  return `${out.join('\n')}\n`;
}

/** Suricata EVE alerts: one at a usable time, then year 9999, 1969 and a time that is not a time. */
export function eveWithImpossibleTimes(): string {
  const alert = (ts: string, sig: string): string =>
    JSON.stringify({
      timestamp: ts,
      event_type: 'alert',
      src_ip: '10.0.0.5',
      src_port: 1234,
      dest_ip: '203.0.113.9',
      dest_port: 80,
      proto: 'TCP',
      alert: { action: 'allowed', gid: 1, signature_id: 2000001, rev: 1, signature: sig, category: 'x', severity: 1 },
    });
  return `${[
    alert('2026-10-14T10:00:00.000000+0000', 'ET TEST usable'),
    alert('9999-12-31T23:59:59.000000+0000', 'ET TEST year 9999'),
    alert('1969-07-20T20:17:40.000000+0000', 'ET TEST before 1970'),
    alert('yesterday at noon', 'ET TEST not a time'),
  ].join('\n')}\n`;
}

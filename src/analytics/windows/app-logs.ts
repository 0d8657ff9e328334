/**
 * Techniques seen in the Application log and smaller operational logs:
 *  - SQL Server password guessing: failed logins (MSSQL* 18456) from one client in a burst;
 *  - SQL Server command execution: use of a disabled xp_cmdshell / OLE automation blocked (15281),
 *    or such an option switched on (15457);
 *  - lsass dumped through Silent Process Exit (ProcessExitMonitor 3001 naming lsass.exe);
 *  - BITS jobs that fetch from a local or UNC path, an IP address, or an executable or archive from
 *    outside Microsoft's update hosts (Bits-Client 59), created by a command-line tool (3);
 *  - a Winsock layered service provider installed (WS2HELP 1): code loaded into every networked process;
 *  - an application shim that redirects or injects (Program-Telemetry 500: InjectDll, RedirectEXE,
 *    CorrectFilePaths...) applied to a program: shim persistence;
 *  - NTFS transactions (Security 4985) by a program in a user-writable place: process doppelgänging.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { Analyzer } from '../types.ts';
import {
  channelOf,
  clip,
  eventId,
  formatDuration,
  imageName,
  isWindows,
  normalizeIp,
  providerOf,
  str,
} from './common.ts';
import { findingOf, Groups, Tally } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-app-logs';
const APPLICATION = 'Application';
const BITS = 'Microsoft-Windows-Bits-Client/Operational';
const WINSOCK = 'Microsoft-Windows-Winsock-WS2HELP/Operational';
const TELEMETRY = 'Microsoft-Windows-Application-Experience/Program-Telemetry';
/** shims that load other code or send a program to another file (the ones shim persistence uses) */
const SHIM_INJECT = /^(?:InjectDll|RedirectEXE|ShimViaEAT|LoadLibraryRedirect)$/i;
/** path-redirecting shims that old programs get from Windows' own database too: suspicious on Windows' own binaries */
const SHIM_REDIRECT = /^(?:CorrectFilePaths|RedirectShortcut|VirtualRegistry)$/i;
const SYSTEM_BINARY = /^[a-z]:\\windows\\(?:system32|syswow64)\\/i;
/** places any user can write to: programs started from there are not installed software */
const WRITABLE =
  /\\(?:users\\[^\\]+\\(?:appdata|desktop|downloads|documents)|users\\public|programdata|windows\\temp|perflogs|temp)\\/i;
/** SQL Server options that run operating-system commands */
const EXEC_OPTIONS = /xp_cmdshell|ole automation|external scripts|clr enabled/i;
/** files worth fetching for an attacker: programs, scripts, archives */
const PAYLOAD = /\.(?:exe|dll|scr|ps1|psm1|bat|cmd|vbs|js|jse|hta|msi|7z|zip|rar|cab|iso|bin|dat)(?:$|[?#])/i;
/** hosts of Windows Update, Defender and Office updates (BITS is their transport) */
const MICROSOFT_HOST =
  /(?:^|\.)(?:microsoft\.com|windowsupdate\.com|update\.microsoft\.com|msedge\.net|windows\.com|office\.net|office\.com|live\.com|msn\.com|bing\.com|akamaized\.net|azureedge\.net|delivery\.mp\.microsoft\.com)$/i;
/** command-line tools that create BITS jobs on a person's behalf (Windows' own jobs come from svchost) */
const BITS_TOOLS = new Set(['bitsadmin.exe', 'powershell.exe', 'pwsh.exe', 'cmd.exe', 'desktopimgdownldr.exe']);

/** Unnamed <Data> values of classic Application events, in order. */
function data(e: Event): string[] {
  const v = e.fields.Data;
  if (Array.isArray(v)) return v.map((x) => (x === null || x === undefined ? '' : String(x)));
  return typeof v === 'string' || typeof v === 'number' ? [String(v)] : [];
}

interface SqlData {
  client: string;
  users: Tally;
  reasons: Tally;
  times: number[];
}
interface One {
  what: string;
  detail: string;
  by: Tally;
}

export function bitsUrlReason(url: string): 'local' | 'ip' | 'payload' | undefined {
  const u = url.trim();
  if (/^[a-z]:\\/i.test(u) || u.startsWith('\\\\') || /^file:/i.test(u)) return 'local';
  const m = /^https?:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(u);
  if (!m) return undefined;
  const host = m[1]!.replace(/^\[|\]$/g, '');
  if (normalizeIp(host)) return 'ip';
  if (!MICROSOFT_HOST.test(host) && PAYLOAD.test(u.slice(m[0].length))) return 'payload';
  return undefined;
}

export function appLogsAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const sql = new Groups<SqlData>(() => ({ client: '', users: new Tally(50), reasons: new Tally(10), times: [] }));
  const single = new Groups<One>(() => ({ what: '', detail: '', by: new Tally(10) }));
  const bitsCreators = new Map<string, string>();
  const gap = o.t.burstGapMinutes * 60e6;

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const ch = channelOf(e);
      const id = eventId(e);
      if (ch === APPLICATION)
        return (
          ((id === 18456 || id === 15281 || id === 15457) && providerOf(e).toUpperCase().startsWith('MSSQL')) ||
          (id === 3001 && providerOf(e) === 'Microsoft-Windows-ProcessExitMonitor')
        );
      if (ch === 'Security') return id === 4985;
      return (
        (ch === BITS && (id === 3 || id === 59)) || (ch === WINSOCK && id === 1) || (ch === TELEMETRY && id === 500)
      );
    },
    add(e) {
      const id = eventId(e)!;
      const ch = channelOf(e);
      const host = e.host ?? str(e, 'Computer') ?? '';
      if (ch === APPLICATION && id === 18456) {
        const [user = '?', reason = '', client = ''] = data(e);
        const ip = /CLIENT:\s*([^\]\s]+)/i.exec(client)?.[1] ?? 'local';
        const g = sql.add(`${host}|${ip}`, e);
        if (!g) return;
        g.data.client = ip;
        g.data.users.add(user);
        g.data.reasons.add(reason.replace(/^\s*Reason:\s*/i, '').trim() || undefined);
        if (g.data.times.length < 100_000) g.data.times.push(e.ts);
        return;
      }
      if (ch === APPLICATION && (id === 15281 || id === 15457)) {
        const d = data(e);
        const option = id === 15281 ? (d[1] ?? d[2] ?? '?') : (d[0] ?? '?');
        if (id === 15457 && (!EXEC_OPTIONS.test(option) || d[2] !== '1')) return;
        const g = single.add(`${host}|sql|${id}|${option.toLowerCase()}`, e);
        if (g) Object.assign(g.data, { what: id === 15281 ? 'sql_blocked' : 'sql_enabled', detail: option });
        return;
      }
      if (ch === APPLICATION && id === 3001) {
        const target = str(e, 'param1') ?? '';
        if (imageName(target) !== 'lsass.exe') return;
        const g = single.add(`${host}|lsass`, e);
        if (g) {
          g.data.what = 'lsass_exit';
          g.data.by.add(str(e, 'param2'));
        }
        return;
      }
      if (ch === BITS && id === 3) {
        const job = str(e, 'jobId') ?? str(e, 'string') ?? '';
        const proc = str(e, 'processPath');
        if (job && proc && bitsCreators.size < 10_000) bitsCreators.set(`${host}|${job}`, proc);
        if (proc && BITS_TOOLS.has(imageName(proc))) {
          const g = single.add(`${host}|bits-tool|${job}`, e);
          if (g) {
            g.data.what = 'bits_tool';
            g.data.detail = str(e, 'jobTitle') ?? job;
            g.data.by.add(proc);
          }
        }
        return;
      }
      if (ch === BITS && id === 59) {
        const url = str(e, 'url') ?? '';
        const why = bitsUrlReason(url);
        if (!why) return;
        const job = str(e, 'Id') ?? '';
        const g = single.add(`${host}|bits|${url}`, e);
        if (g) {
          g.data.what = `bits_${why}`;
          g.data.detail = clip(url, 300);
          g.data.by.add(str(e, 'name'));
          const creator = bitsCreators.get(`${host}|${job}`);
          if (creator) g.data.by.add(creator);
        }
        return;
      }
      if (ch === TELEMETRY && id === 500) {
        const fix = str(e, 'FixName') ?? '';
        const exe = str(e, 'ExePath') ?? '?';
        if (!SHIM_INJECT.test(fix) && !(SHIM_REDIRECT.test(fix) && SYSTEM_BINARY.test(exe))) return;
        const g = single.add(`${host}|shim|${exe.toLowerCase()}|${fix}`, e);
        if (g) Object.assign(g.data, { what: 'shim', detail: `${exe} (${fix})` });
        return;
      }
      if (ch === 'Security' && id === 4985) {
        const proc = str(e, 'ProcessName') ?? '';
        if (!WRITABLE.test(proc)) return;
        const g = single.add(`${host}|txf|${proc.toLowerCase()}`, e);
        if (g) {
          g.data.what = 'txf';
          g.data.detail = proc;
          g.data.by.add(str(e, 'SubjectUserName'));
        }
        return;
      }
      if (ch === WINSOCK && id === 1) {
        const name = str(e, 'LSPName') ?? str(e, 'GUID') ?? '?';
        const g = single.add(`${host}|lsp|${name}`, e);
        if (g) {
          g.data.what = 'winsock_lsp';
          g.data.detail = name;
          g.data.by.add(str(e, 'Installer'));
        }
      }
    },
    finish() {
      const out: Finding[] = [];
      for (const g of sql.values()) {
        // the largest burst: failures no further apart than the burst gap
        const ts = g.data.times.filter(Number.isFinite).sort((a, b) => a - b);
        let best = 0;
        let start = 0;
        let span = 0;
        for (let i = 0; i < ts.length; i++) {
          if (i > 0 && ts[i]! - ts[i - 1]! > gap) start = i;
          if (i - start + 1 > best) {
            best = i - start + 1;
            span = ts[i]! - ts[start]!;
          }
        }
        if (best < o.t.bruteForceMinAttempts) continue;
        out.push(
          findingOf(g, {
            kind: 'brute-force',
            severity: 'medium',
            producer: PRODUCER,
            message: 'win.app.sql_guess',
            params: {
              host: g.host ?? '?',
              src: g.data.client,
              attempts: best,
              span: formatDuration(span),
              span_ja: formatDuration(span, 'ja'),
              users: g.data.users.describe(5),
              reasons: g.data.reasons.describe(2),
            },
            peer: g.data.client === 'local' ? null : g.data.client,
            attack: ['T1110'],
            details: { service: 'mssql', source: g.data.client, accounts: g.data.users.toObject(), attempts: best },
          }),
        );
      }
      for (const g of single.values()) {
        const d = g.data;
        const spec = SPECS[d.what];
        if (!spec) continue;
        out.push(
          findingOf(g, {
            kind: spec.kind,
            severity: spec.severity,
            producer: PRODUCER,
            message: spec.message,
            params: { host: g.host ?? '?', detail: d.detail || '?', by: d.by.describe(3) || '?', count: g.count },
            attack: spec.attack,
            details: { what: d.detail, by: d.by.toObject() },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}

const SPECS: Record<string, { kind: string; severity: FindingSeverity; message: MessageKey; attack: string[] }> = {
  sql_blocked: {
    kind: 'mssql-command-execution',
    severity: 'medium',
    message: 'win.app.sql_blocked',
    attack: ['T1505.001', 'T1059.003'],
  },
  sql_enabled: {
    kind: 'mssql-command-execution',
    severity: 'high',
    message: 'win.app.sql_enabled',
    attack: ['T1505.001', 'T1059.003'],
  },
  lsass_exit: { kind: 'lsass-dump', severity: 'high', message: 'win.app.lsass_exit', attack: ['T1003.001'] },
  bits_local: { kind: 'bits-job', severity: 'medium', message: 'win.app.bits_local', attack: ['T1197'] },
  bits_ip: { kind: 'bits-job', severity: 'medium', message: 'win.app.bits_ip', attack: ['T1197'] },
  bits_payload: { kind: 'bits-job', severity: 'medium', message: 'win.app.bits_payload', attack: ['T1197', 'T1105'] },
  bits_tool: { kind: 'bits-job', severity: 'low', message: 'win.app.bits_tool', attack: ['T1197'] },
  shim: { kind: 'shim-persistence', severity: 'medium', message: 'win.app.shim', attack: ['T1546.011'] },
  txf: { kind: 'process-doppelganging', severity: 'medium', message: 'win.app.txf', attack: ['T1055.013'] },
  winsock_lsp: { kind: 'winsock-lsp', severity: 'medium', message: 'win.app.winsock_lsp', attack: ['T1546'] },
};

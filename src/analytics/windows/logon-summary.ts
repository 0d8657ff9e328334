/**
 * Logon summary (what `konseki logons` prints, in the spirit of Hayabusa's logon-summary): successes
 * and failures per target computer, account, source and logon type, with first and last times.
 * Security 4624/4625 are counted; TerminalServices LocalSessionManager 21/25 and
 * RemoteConnectionManager 1149 give their own rows (channel column), since one RDP logon also
 * writes a 4624 type 10 and counting them together would double it.
 */
import type { Event } from '../../core/event.ts';
import {
  channelOf,
  eventId,
  hostOf,
  isNonPersonAccount,
  isWindows,
  logonSource,
  minTs,
  maxTs,
  normalizeIp,
  num,
  SECURITY,
  str,
} from './common.ts';
import { logonTypeLabel, statusLabel } from './labels.ts';

const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational';
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational';
const MAX_ROWS = 500_000;

export interface LogonSummaryRow {
  /** target computer */
  host: string | null;
  /** target account, DOMAIN\\user when the domain is known */
  user: string;
  /** machine, service or anonymous identity (SYSTEM, HOST$, ANONYMOUS LOGON, DWM-1, ...) */
  systemAccount: boolean;
  sourceIp: string | null;
  sourceComputer: string | null;
  logonType: number | null;
  /** "3 - Network" */
  logonTypeName: string;
  /** Sec (4624/4625), RDS-LSM (21/25) or RDS-RCM (1149) */
  channel: 'Sec' | 'RDS-LSM' | 'RDS-RCM';
  successes: number;
  failures: number;
  /** epoch µs, null when none */
  firstSuccess: number | null;
  lastSuccess: number | null;
  firstFailure: number | null;
  lastFailure: number | null;
  /** failure reasons (SubStatus, else Status) → count, e.g. {"wrong password (0xc000006a)": 12} */
  failureReasons: Record<string, number>;
  /** the same by code (SubStatus, else Status; -1 when none), to name them in another language */
  failureCodes: Record<number, number>;
}

interface Acc {
  row: LogonSummaryRow;
  fs: number;
  ls: number;
  ff: number;
  lf: number;
}

/** Streaming builder: `add` every event (others are ignored), then `rows()`. */
export class LogonSummary {
  private readonly map = new Map<string, Acc>();
  /** events not summarized because the row limit was reached */
  dropped = 0;

  static wants(e: Event): boolean {
    if (!isWindows(e)) return false;
    const id = eventId(e);
    const ch = channelOf(e);
    return (
      (ch === SECURITY && (id === 4624 || id === 4625)) ||
      (ch === LSM && (id === 21 || id === 25)) ||
      (ch === RCM && id === 1149)
    );
  }

  add(e: Event): void {
    if (!LogonSummary.wants(e)) return;
    const id = eventId(e)!;
    const ch = channelOf(e);
    let user: string | undefined;
    let domain: string | undefined;
    let ip: string | undefined;
    let comp: string | undefined;
    let type: number | undefined;
    let channel: LogonSummaryRow['channel'] = 'Sec';
    let success = true;
    if (ch === SECURITY) {
      user = str(e, 'TargetUserName');
      domain = str(e, 'TargetDomainName');
      const src = logonSource(e);
      ip = normalizeIp(str(e, 'IpAddress'));
      comp = src.workstation;
      type = num(e, 'LogonType');
      success = id === 4624;
    } else if (ch === LSM) {
      user = str(e, 'User');
      ip = normalizeIp(str(e, 'Address'));
      type = 10;
      channel = 'RDS-LSM';
      if (!ip) return; // "LOCAL": a console session, not a remote logon
    } else {
      user = str(e, 'Param1');
      domain = str(e, 'Param2');
      ip = normalizeIp(str(e, 'Param3'));
      type = 10;
      channel = 'RDS-RCM';
    }
    if (!user) return;
    const display = domain && !user.includes('\\') && !user.includes('@') ? `${domain}\\${user}` : user;
    const host = hostOf(e);
    const key = [host ?? '', display.toLowerCase(), ip ?? '', (comp ?? '').toLowerCase(), type ?? '', channel].join(
      '\u0000',
    );
    let acc = this.map.get(key);
    if (!acc) {
      if (this.map.size >= MAX_ROWS) {
        this.dropped++;
        return;
      }
      acc = {
        row: {
          host,
          user: display,
          systemAccount: isNonPersonAccount(user, str(e, 'TargetUserSid')),
          sourceIp: ip ?? null,
          sourceComputer: comp ?? null,
          logonType: type ?? null,
          logonTypeName: logonTypeLabel(type),
          channel,
          successes: 0,
          failures: 0,
          firstSuccess: null,
          lastSuccess: null,
          firstFailure: null,
          lastFailure: null,
          failureReasons: {},
          failureCodes: {},
        },
        fs: NaN,
        ls: NaN,
        ff: NaN,
        lf: NaN,
      };
      this.map.set(key, acc);
    }
    if (success) {
      acc.row.successes++;
      acc.fs = minTs(acc.fs, e.ts);
      acc.ls = maxTs(acc.ls, e.ts);
    } else {
      acc.row.failures++;
      acc.ff = minTs(acc.ff, e.ts);
      acc.lf = maxTs(acc.lf, e.ts);
      const sub = num(e, 'SubStatus');
      const code = sub !== undefined && sub !== 0 ? sub : num(e, 'Status');
      const reason = statusLabel(code);
      acc.row.failureReasons[reason] = (acc.row.failureReasons[reason] ?? 0) + 1;
      acc.row.failureCodes[code ?? -1] = (acc.row.failureCodes[code ?? -1] ?? 0) + 1;
    }
  }

  /** Rows by host, then by number of events (most first). */
  rows(): LogonSummaryRow[] {
    const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
    return [...this.map.values()]
      .map((a) => ({
        ...a.row,
        firstSuccess: fin(a.fs),
        lastSuccess: fin(a.ls),
        firstFailure: fin(a.ff),
        lastFailure: fin(a.lf),
      }))
      .sort(
        (x, y) =>
          (x.host ?? '').localeCompare(y.host ?? '') ||
          y.successes + y.failures - (x.successes + x.failures) ||
          x.user.localeCompare(y.user),
      );
  }
}

/** The logon summary of a set of events. */
export function logonSummary(events: Iterable<Event>): LogonSummaryRow[] {
  const s = new LogonSummary();
  for (const e of events) s.add(e);
  return s.rows();
}

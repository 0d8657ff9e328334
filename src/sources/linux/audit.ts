/**
 * Linux audit logs (audit.log, raw and ENRICHED formats, with or without node=). Every record becomes
 * an event with the raw audit keys (Sigma logsource linux/auditd: type, key, exe, comm, a0.., syscall,
 * name, ...), hex-encoded values decoded as ausearch -i does (EXECVE arguments, proctitle, acct,
 * cmd, ...), and the quoted msg='...' of user-space records merged in. Records are grouped by event
 * serial; an execve group (SYSCALL + EXECVE + CWD + PROCTITLE) also yields a process_creation event
 * (Image, CommandLine, ParentImage, User, ProcessId, CurrentDirectory).
 */
import { isUtf8 } from 'node:buffer';
import type { Event, Fields } from '../../core/event.ts';

export interface AuditRecord {
  node?: string;
  type: string;
  /** epoch µs */
  ts: number;
  serial: string;
  fields: Fields;
  line: number;
}

const RE_HEAD =
  /(?:^|\s)(?:node=(\S+) )?type=([A-Z0-9_]+|UNKNOWN\[\d+\]) msg=audit\((\d{1,12})\.(\d{1,6}):(\d{1,20})\): ?/;
const RE_KV = /\s*([A-Za-z0-9_\-[\]]{1,64})=("[^"]*"|'[^']*'|\S*)/y;
const HEX = /^(?:[0-9A-F]{2})+$/;
/** fields whose unquoted values are hex-encoded (libauparse's encoded fields) */
const ENCODED = new Set([
  'proctitle',
  'acct',
  'cmd',
  'comm',
  'exe',
  'name',
  'cwd',
  'path',
  'key',
  'data',
  'ocomm',
  'grp',
  'new_group',
  'watch',
  'root_dir',
  'cgroup',
]);
const MAX_FIELDS = 512;

export function decodeHex(hex: string): string {
  const b = Buffer.from(hex, 'hex');
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}

/** key=value pairs of a record body, quotes removed, msg='...' merged; hex decoded where audit encodes. */
export function parseAuditKv(body: string, out: Fields = {}, depth = 0): Fields {
  RE_KV.lastIndex = 0;
  const parts: Record<string, string[]> = {};
  let n = 0;
  for (;;) {
    const start = RE_KV.lastIndex;
    if (start >= body.length || n++ >= MAX_FIELDS) break;
    const m = RE_KV.exec(body);
    if (!m || RE_KV.lastIndex === start) {
      // a token without "=" (e.g. "user pid=..."): skip it
      const sp = body.slice(start).search(/\S\s/);
      if (sp < 0) break;
      RE_KV.lastIndex = start + sp + 1;
      continue;
    }
    const key = m[1];
    const raw = m[2];
    if (raw.startsWith("'") && key === 'msg' && depth === 0) {
      const saved = RE_KV.lastIndex;
      parseAuditKv(raw.slice(1, -1), out, depth + 1);
      RE_KV.lastIndex = saved;
      continue;
    }
    const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0];
    let value = quoted ? raw.slice(1, -1) : raw;
    const piece = /^a(\d+)\[(\d+)\]$/.exec(key);
    if (piece) {
      (parts[`a${piece[1]}`] ??= [])[Number(piece[2])] = value;
      continue;
    }
    if (/^a\d+_len$/.test(key)) continue;
    if (!quoted && value !== '(null)' && HEX.test(value) && (ENCODED.has(key) || /^a\d+$/.test(key))) {
      // numbers in the EXECVE/SYSCALL a0..a3 of a SYSCALL record are registers, not strings
      if (!(/^a[0-3]$/.test(key) && out.type === 'SYSCALL')) {
        value = decodeHex(value);
        if (key === 'proctitle') value = value.replace(/\0+$/, '').replace(/\0/g, ' ');
      }
    }
    out[key] = value;
  }
  for (const [k, v] of Object.entries(parts)) {
    const joined = v.join('');
    out[k] = HEX.test(joined) ? decodeHex(joined) : joined;
  }
  return out;
}

/** One audit line → record, or undefined when it is not one. */
export function parseAuditLine(text: string, line: number): AuditRecord | undefined {
  const m = RE_HEAD.exec(text);
  if (!m) return undefined;
  const after = text.slice((m.index ?? 0) + m[0].length);
  const gs = after.indexOf('\u001d');
  const fields: Fields = { type: m[2] };
  if (m[1]) fields.node = m[1];
  parseAuditKv(gs >= 0 ? after.slice(0, gs) : after, fields);
  if (gs >= 0) {
    const enriched = parseAuditKv(after.slice(gs + 1), {});
    for (const [k, v] of Object.entries(enriched)) if (!(k in fields)) fields[k] = v;
  }
  fields.type = m[2];
  fields.audit_serial = Number(m[5]);
  const ts = Number(m[3]) * 1e6 + Number(m[4].padEnd(6, '0').slice(0, 6));
  return { node: m[1], type: m[2], ts, serial: `${m[1] ?? ''}:${m[3]}.${m[4]}:${m[5]}`, fields, line };
}

/** Normalized fields for the records the analyses use (logins, authentications, accounts, sudo). */
export function auditNormalized(f: Fields): void {
  const type = f.type;
  const res = typeof f.res === 'string' ? f.res : undefined;
  const ok = res === 'success' || res === 'yes' || res === '1';
  const acct = typeof f.acct === 'string' ? f.acct : undefined;
  const addr = typeof f.addr === 'string' && f.addr !== '?' ? f.addr.replace(/^::ffff:/i, '') : undefined;
  const host = typeof f.hostname === 'string' && f.hostname !== '?' ? f.hostname : undefined;
  const setPeer = (): void => {
    if (addr) f.src_ip = addr;
    if (host) f.rhost = host;
  };
  if (type === 'USER_LOGIN') {
    f.Action = ok ? 'audit_login_success' : 'audit_login_failed';
    f.Outcome = ok ? 'success' : 'failure';
    if (acct !== undefined) f.User = acct;
    setPeer();
  } else if (type === 'USER_AUTH' || type === 'USER_ERR') {
    f.Action = ok ? 'audit_auth_success' : 'audit_auth_failed';
    f.Outcome = ok ? 'success' : 'failure';
    if (acct !== undefined) f.User = acct;
    setPeer();
  } else if (type === 'ADD_USER') {
    f.Action = 'audit_user_added';
    if (acct !== undefined) f.User = acct;
    if (typeof f.id === 'string' && /^\d+$/.test(f.id)) f.uid = Number(f.id);
  } else if (type === 'USER_CMD') {
    f.Action = 'audit_sudo';
    f.Outcome = ok ? 'success' : 'failure';
    const who = typeof f.AUID === 'string' ? f.AUID : typeof f.auid === 'string' ? f.auid : undefined;
    if (who) f.User = who;
    f.TargetUser = 'root';
    if (typeof f.cmd === 'string') f.CommandLine = f.cmd;
    if (typeof f.cwd === 'string') f.CurrentDirectory = f.cwd;
  }
}

export interface AuditGroupState {
  /** pid → exe of its last execve, for ParentImage */
  exeOfPid: Map<string, string>;
}

/** The process_creation event of an execve group, or undefined. */
export function processCreation(group: AuditRecord[], state: AuditGroupState, file: string): Event | undefined {
  const sys = group.find((r) => r.type === 'SYSCALL');
  const exec = group.find((r) => r.type === 'EXECVE');
  if (!sys || !exec) return undefined;
  const s = sys.fields;
  if (s.success === 'no') return undefined;
  const argc = Number(exec.fields.argc);
  const args: string[] = [];
  for (let i = 0; i < (Number.isFinite(argc) ? Math.min(argc, 4096) : 4096); i++) {
    const a = exec.fields[`a${i}`];
    if (a === undefined) break;
    args.push(String(a));
  }
  const title = group.find((r) => r.type === 'PROCTITLE')?.fields.proctitle;
  const cwd = group.find((r) => r.type === 'CWD')?.fields.cwd;
  const pid = String(s.pid ?? '');
  const ppid = String(s.ppid ?? '');
  const image = typeof s.exe === 'string' ? s.exe : '';
  const fields: Fields = {
    Image: image,
    CommandLine: args.length ? args.join(' ') : typeof title === 'string' ? title : '',
    ProcessId: /^\d+$/.test(pid) ? Number(pid) : pid,
    ParentProcessId: /^\d+$/.test(ppid) ? Number(ppid) : ppid,
    User: typeof s.UID === 'string' ? s.UID : String(s.uid ?? ''),
    LogonId: String(s.ses ?? ''),
    CurrentDirectory: typeof cwd === 'string' ? cwd : '',
    comm: s.comm ?? null,
    auid: s.auid ?? null,
    uid: s.uid ?? null,
    key: s.key ?? null,
    tty: s.tty ?? null,
    audit_serial: s.audit_serial ?? null,
  };
  const parent = state.exeOfPid.get(ppid);
  if (parent) fields.ParentImage = parent;
  if (pid && image) {
    if (state.exeOfPid.size > 50000) state.exeOfPid.clear();
    state.exeOfPid.set(pid, image);
  }
  const e: Event = {
    ts: sys.ts,
    source: { format: 'auditd', file, line: sys.line },
    logsource: { product: 'linux', category: 'process_creation' },
    fields,
  };
  if (sys.node) e.host = sys.node;
  return e;
}

/** The event of one record (logsource linux/auditd). */
export function auditEvent(r: AuditRecord, file: string): Event {
  auditNormalized(r.fields);
  const e: Event = {
    ts: r.ts,
    source: { format: 'auditd', file, line: r.line },
    logsource: { product: 'linux', service: 'auditd' },
    fields: r.fields,
  };
  if (r.node) e.host = r.node;
  return e;
}

/**
 * Groups records by serial and yields events: every record at once, and a process_creation event
 * when its group is complete (EOE, or no record of it among the next 64 records, or the end).
 */
export function auditGrouper(file: string) {
  const open = new Map<string, { recs: AuditRecord[]; lastSeen: number }>();
  const state: AuditGroupState = { exeOfPid: new Map() };
  let counter = 0;
  const flush = (serial: string): Event | undefined => {
    const g = open.get(serial);
    open.delete(serial);
    return g ? processCreation(g.recs, state, file) : undefined;
  };
  return {
    add(r: AuditRecord): Event[] {
      counter++;
      const out: Event[] = [auditEvent(r, file)];
      if (r.type === 'EOE') {
        const pc = flush(r.serial);
        if (pc) out.push(pc);
        return out;
      }
      let g = open.get(r.serial);
      if (!g) open.set(r.serial, (g = { recs: [], lastSeen: counter }));
      if (g.recs.length < 64) g.recs.push(r);
      g.lastSeen = counter;
      if (open.size > 8) {
        for (const [serial, og] of open) {
          if (counter - og.lastSeen > 64 || open.size > 1024) {
            const pc = flush(serial);
            if (pc) out.push(pc);
          }
        }
      }
      return out;
    },
    end(): Event[] {
      const out: Event[] = [];
      for (const serial of [...open.keys()]) {
        const pc = flush(serial);
        if (pc) out.push(pc);
      }
      return out;
    },
  };
}

/**
 * OpenSSH server messages across versions (3.x .. 9.x, plus the PAM, tcp-wrappers and Solaris/macOS
 * variants) → normalized fields: Action, Outcome, User, src_ip, src_port, auth_method.
 * User names and client strings are attacker-controlled and may contain " from 1.2.3.4 port 22":
 * addresses are taken where OpenSSH puts them (positions anchored at the end of the message or
 * before the "ssh2: " suffix), never from the first "from" that appears.
 *
 * A connection's address is remembered per sshd pid (from "Connection from", "SSH: Server;...Remote:")
 * so that lines without one ("Disconnecting: Too many authentication failures", kex errors) still
 * carry the source.
 */
import type { Fields } from '../../core/event.ts';

export interface SshState {
  /** "host|pid" → remote address */
  peers: Map<string, string>;
  /** "host|pid" → failures seen on the connection and their users */
  failures: Map<string, { count: number; users: Set<string> }>;
  /** "host|pid" of connections with a failure still waiting for an address */
  pending: Set<string>;
}

export function newSshState(): SshState {
  return { peers: new Map(), pending: new Set(), failures: new Map() };
}

const MAX_PEERS = 20000;
const ADDR = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+(?:%\w+)?|[A-Za-z0-9][A-Za-z0-9._-]{0,252})`;
const RE_ADDR_ONLY = new RegExp(`^${ADDR}$`);
const RE_FROM_AT = new RegExp(`^ from (${ADDR})(?: port (\\d{1,5}))?(?: (ssh[12]))?(?=$|: | \\[preauth\\]$)`);
const RE_FROM_END = new RegExp(
  `^(.*) from (${ADDR})(?: port (\\d{1,5}))?(?: on \\S+ port \\d+)?(?: rdomain "[^"]*")?(?: \\[preauth\\])?$`,
  's',
);
const RE_USER_ADDR_PORT = new RegExp(`^(?:(authenticating|invalid) user (.*) )?(${ADDR}) port (\\d{1,5})$`, 's');
const RE_USER_ADDR = new RegExp(`^(?:(authenticating|invalid) user (.*) )?(${ADDR})()$`, 's');

function normIp(a: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  return m ? m[1] : a;
}

export function isIp(a: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(a) || (a.includes(':') && /^[0-9a-f:.]+(?:%\w+)?$/i.test(a));
}

/** Puts an address into src_ip (an IP) or rhost (a name), and remembers it for the connection. */
function setPeer(f: Fields, addr: string, port?: string): void {
  const a = normIp(addr);
  if (isIp(a)) f.src_ip = a;
  f.rhost = a;
  if (port) f.src_port = Number(port);
}

/** "for [invalid user |illegal user ]USER from ADDR port N ssh2[: ...]": the first position that fits. */
function userFrom(
  rest: string,
): { user: string; invalid: boolean; addr: string; port?: string; proto?: string } | undefined {
  let invalid = false;
  let r = rest;
  const inv = /^(?:invalid|illegal) user /.exec(r);
  if (inv) {
    invalid = true;
    r = r.slice(inv[0].length);
  }
  const candidates: number[] = [];
  if (r.startsWith('from ')) candidates.push(-1);
  for (let p = r.indexOf(' from '); p >= 0 && candidates.length < 64; p = r.indexOf(' from ', p + 1))
    candidates.push(p);
  for (const p of candidates) {
    const m = RE_FROM_AT.exec(p === -1 ? ' ' + r : r.slice(p));
    if (m) return { user: p === -1 ? '' : r.slice(0, p), invalid, addr: m[1], port: m[2], proto: m[3] };
  }
  return undefined;
}

const PREAUTH = / \[preauth\]$/;

export function sshdFields(msg: string, connKey: string, st: SshState): Fields | undefined {
  const f: Fields = {};
  let m: RegExpExecArray | null;
  // prefixes some syslog daemons put before the message: Solaris "[ID n facility]", a kernel timestamp
  let text = msg.replace(/^\[ID \d+ [\w.]+\] /, '').replace(/^kernel: ?\[ *\d+\.\d+\]:? /, '');
  const rep = /^message repeated (\d+) times: \[ ?(.*?) ?\]$/s.exec(text);
  if (rep) {
    f.repeat = Number(rep[1]);
    text = rep[2];
  }
  const known = connKey ? st.peers.get(connKey) : undefined;
  const remember = (): void => {
    const ip = (f.src_ip ?? f.rhost) as string | undefined;
    if (!ip || !connKey) return;
    if (st.peers.size >= MAX_PEERS) st.peers.clear();
    st.peers.set(connKey, ip);
    if (st.pending.delete(connKey)) f.delayed_failure = true;
  };
  const useKnown = (): void => {
    if (!f.src_ip && !f.rhost && known) setPeer(f, known);
  };

  if ((m = /^(Accepted|Failed|Postponed|Partial) (\S+) for (.*)$/s.exec(text))) {
    const uf = userFrom(m[3]);
    f.Action = m[1] === 'Accepted' ? 'ssh_accepted' : m[1] === 'Failed' ? 'ssh_failed' : 'ssh_postponed';
    f.auth_method = m[2];
    if (m[1] === 'Accepted') f.Outcome = 'success';
    if (m[1] === 'Failed') f.Outcome = 'failure';
    if (uf) {
      f.User = uf.user;
      if (uf.invalid) f.invalid_user = true;
      setPeer(f, uf.addr, uf.port);
    } else useKnown();
  } else if ((m = /^(?:Invalid|Illegal) user (.*?) from (\S+?)(?: port (\d{1,5}))?$/s.exec(text))) {
    f.Action = 'ssh_invalid_user';
    f.Outcome = 'failure';
    f.User = m[1];
    f.invalid_user = true;
    setPeer(f, m[2], m[3]);
  } else if ((m = /^input_userauth_request: (?:invalid|illegal) user (.*?)(?: \[preauth\])?$/s.exec(text))) {
    f.Action = 'ssh_invalid_user_request';
    f.User = m[1];
    f.invalid_user = true;
    useKnown();
  } else if ((m = /^User (.*?) from (\S+) not allowed because (.*)$/s.exec(text))) {
    f.Action = 'ssh_user_not_allowed';
    f.Outcome = 'failure';
    f.User = m[1];
    f.reason = m[3];
    setPeer(f, m[2]);
  } else if ((m = /^User (.*?) not allowed because (.*)$/s.exec(text))) {
    f.Action = 'ssh_user_not_allowed';
    f.User = m[1];
    f.reason = m[2];
    useKnown();
  } else if ((m = /^ROOT LOGIN REFUSED FROM (\S+?)(?: port (\d{1,5}))?(?: \[preauth\])?$/i.exec(text))) {
    f.Action = 'ssh_root_refused';
    f.Outcome = 'failure';
    f.User = 'root';
    setPeer(f, m[1], m[2]);
  } else if ((m = /^refused connect from (\S*) \((\S+)\)$/.exec(text))) {
    f.Action = 'ssh_refused_connect';
    f.Outcome = 'failure';
    setPeer(f, m[2]);
  } else if (
    (m =
      /^error: PAM: (?:Authentication (?:failure|error)|authentication (?:failure|error)|User not known to the underlying authentication module) for (?:(?:illegal|invalid) user )?(.*?) from (\S+?)(?: via \S+)?\s*$/s.exec(
        text,
      ))
  ) {
    f.Action = 'ssh_pam_failure';
    f.Outcome = 'failure';
    f.User = m[1];
    setPeer(f, m[2]);
  } else if ((m = /^(?:error: )?maximum authentication attempts exceeded for (.*)$/s.exec(text))) {
    f.Action = 'ssh_max_attempts';
    f.Outcome = 'failure';
    const uf = userFrom(m[1].replace(PREAUTH, ''));
    if (uf) {
      f.User = uf.user;
      if (uf.invalid) f.invalid_user = true;
      setPeer(f, uf.addr, uf.port);
    } else useKnown();
  } else if (
    (m =
      /^Disconnecting(?: (?:authenticating|invalid) user (.*?) (\S+) port (\d+))?: Too many authentication failures(?: for (?:invalid user )?(.*?))?(?: \[preauth\])?$/s.exec(
        text,
      ))
  ) {
    f.Action = 'ssh_too_many_failures';
    f.Outcome = 'failure';
    const user = m[1] ?? m[4];
    if (user !== undefined) f.User = user;
    if (m[2]) setPeer(f, m[2], m[3]);
    else useKnown();
  } else if ((m = /^Disconnecting (?:invalid|authenticating) user (.*) (\S+) port (\d{1,5}): (.*)$/s.exec(text))) {
    f.Action = 'ssh_disconnecting';
    f.Outcome = 'failure';
    f.User = m[1];
    f.reason = m[4];
    setPeer(f, m[2], m[3]);
  } else if ((m = /^(?:error: )?Received disconnect from (\S+?)(?: port (\d{1,5}))?: ?(\d+): ?(.*)$/s.exec(text))) {
    const reason = m[4];
    const preauth = PREAUTH.test(reason);
    f.Action = preauth ? 'ssh_preauth_disconnect' : 'ssh_disconnect';
    f.reason = reason.replace(PREAUTH, '');
    if (
      preauth ||
      /auth fail|no (?:supported )?authentication methods|no more user authentication methods/i.test(reason)
    )
      f.Outcome = 'failure';
    setPeer(f, m[1], m[2]);
  } else if (
    (m = /^(Connection closed|Connection reset|Disconnected) by (.*)$/s.exec(text)) ||
    (m = /^(Disconnected) from (.*)$/s.exec(text))
  ) {
    const preauth = PREAUTH.test(m[2]);
    const body = m[2].replace(PREAUTH, '');
    const um = /^user (.*) (\S+) port (\d{1,5})$/s.exec(body);
    const am = RE_USER_ADDR_PORT.exec(body) ?? RE_USER_ADDR.exec(body);
    if (um && !preauth) {
      f.Action = 'ssh_logout';
      f.User = um[1];
      setPeer(f, um[2], um[3]);
    } else if (am) {
      f.Action = preauth ? 'ssh_preauth_disconnect' : 'ssh_connection_closed';
      if (am[2] !== undefined) {
        f.User = am[2];
        if (am[1] === 'invalid') f.invalid_user = true;
      }
      setPeer(f, am[3], am[4]);
      if (preauth || (connKey && st.pending.has(connKey))) f.Outcome = 'failure';
    } else return undefined;
  } else if ((m = /^Did not receive identification string from (\S+?)(?: port (\d{1,5}))?$/.exec(text))) {
    f.Action = 'ssh_no_identification';
    f.Outcome = 'failure';
    setPeer(f, m[1], m[2]);
  } else if ((m = /^Bad protocol version identification (.*) from (\S+?)(?: port (\d{1,5}))?$/s.exec(text))) {
    f.Action = 'ssh_bad_protocol';
    f.Outcome = 'failure';
    setPeer(f, m[2], m[3]);
  } else if ((m = /^(?:fatal: )?Unable to negotiate with (\S+?)(?: port (\d{1,5}))?: (.*)$/s.exec(text))) {
    f.Action = 'ssh_negotiation_failed';
    f.Outcome = 'failure';
    f.reason = m[3].replace(PREAUTH, '');
    setPeer(f, m[1], m[2]);
  } else if ((m = /^banner exchange: Connection from (\S+?)(?: port (\d{1,5}))?: (.*)$/s.exec(text))) {
    f.Action = 'ssh_banner_error';
    f.Outcome = 'failure';
    f.reason = m[3];
    setPeer(f, m[1], m[2]);
  } else if ((m = /^(?:error: )?kex_exchange_identification: (.*)$/s.exec(text))) {
    f.Action = 'ssh_kex_error';
    f.reason = m[1];
    if (!/banner line too long/i.test(m[1])) {
      f.Outcome = 'failure';
      useKnown();
      if (!known && connKey) st.pending.add(connKey);
    }
  } else if ((m = /^fatal: (?:Read from socket failed|Write failed): (.*)$/s.exec(text))) {
    f.Action = 'ssh_socket_error';
    f.reason = m[1].replace(PREAUTH, '');
    if (PREAUTH.test(text)) f.Outcome = 'failure';
    useKnown();
  } else if ((m = /^fatal: (?:Unable to negotiate a key exchange method|no matching \S+ found\b.*)/s.exec(text))) {
    f.Action = 'ssh_negotiation_failed';
    f.Outcome = 'failure';
    f.reason = text.replace(/^fatal: /, '').replace(PREAUTH, '');
    useKnown();
  } else if ((m = /^Connection from (\S+) port (\d{1,5})(?: on (\S+) port (\d{1,5}))?/.exec(text))) {
    f.Action = 'ssh_connection';
    setPeer(f, m[1], m[2]);
    if (m[4]) f.dst_port = Number(m[4]);
  } else if ((m = /^SSH: Server;Ltype: \w+;Remote: (\S+?)-(\d+);/.exec(text))) {
    f.Action = 'ssh_connection_info';
    setPeer(f, m[1], m[2]);
  } else if (
    (m = /^reverse mapping checking getaddrinfo for (\S+) \[(\S+)\] failed/.exec(text)) ||
    (m = /^Address (\S+) maps to (\S+), but this does not map back/.exec(text))
  ) {
    f.Action = 'ssh_reverse_mapping';
    setPeer(f, text.startsWith('Address') ? m[1] : m[2]);
  } else if (
    (m = /^pam_unix\(sshd:session\): session (opened|closed) for user (\S+?)(?:\(uid=\d+\))?(?: by .*)?$/.exec(text))
  ) {
    f.Action = m[1] === 'opened' ? 'session_open' : 'session_close';
    f.User = m[2];
    useKnown();
  } else if (/^Server listening on /.test(text) || /^Received signal \d+; terminating/.test(text)) {
    f.Action = 'ssh_service';
  } else if (!pamFields(text, f, known)) return undefined;
  remember();
  if (connKey) noteFailures(f, connKey, st);
  return f;
}

/** Counts failures per connection; an accepted login after them carries the count and users. */
function noteFailures(f: Fields, connKey: string, st: SshState): void {
  if (f.Outcome === 'failure') {
    let c = st.failures.get(connKey);
    if (!c) {
      if (st.failures.size >= MAX_PEERS) st.failures.clear();
      c = { count: 0, users: new Set() };
      st.failures.set(connKey, c);
    }
    c.count += typeof f.repeat === 'number' ? f.repeat : 1;
    if (typeof f.User === 'string' && c.users.size < 64) c.users.add(f.User);
  } else if (f.Action === 'ssh_accepted') {
    const c = st.failures.get(connKey);
    if (c) {
      f.failures_before = c.count;
      f.failed_users = [...c.users];
      st.failures.delete(connKey);
    }
  }
}

/**
 * pam_unix "authentication failure; logname= uid= euid= tty= ruser= rhost= [user=]" and the "PAM N more
 * authentication failures" summary. ruser and user are free text: rhost is the one followed by the
 * end or by " user=".
 */
export function pamFields(text: string, f: Fields = {}, known?: string): Fields | undefined {
  const more = /^PAM (\d+) more authentication failures?;/.exec(text);
  const fail =
    /(?:^|\): |: )authentication failure; /.test(text) || /^\(pam_unix\) authentication failure; /.test(text);
  if (!more && !fail) {
    if (/^pam_unix\([\w-]+:auth\): check pass; user unknown/.test(text)) {
      f.Action = 'pam_user_unknown';
      return f;
    }
    if (/ignoring max retries;/.test(text)) {
      f.Action = 'pam_max_retries';
      return f;
    }
    return undefined;
  }
  f.Action = more ? 'pam_more_failures' : 'pam_auth_failure';
  f.Outcome = 'failure';
  if (more) f.repeat = Number(more[1]);
  const svc = /pam_unix\(([\w-]+):auth\)/.exec(text);
  if (svc) f.pam_service = svc[1];
  let from = 0;
  for (let guard = 0; guard < 64; guard++) {
    const at = text.indexOf(' rhost=', from);
    if (at < 0) break;
    const valEnd = text.indexOf(' ', at + 7);
    const val = text.slice(at + 7, valEnd < 0 ? text.length : valEnd);
    const after = valEnd < 0 ? '' : text.slice(valEnd);
    if (/^\s*(?:\[preauth\])?\s*$/.test(after) || /^\s+user=/.test(after)) {
      if (val) setPeer(f, val);
      const ru = /ruser=/.exec(text.slice(0, at));
      if (ru) {
        const rstart = text.lastIndexOf('ruser=', at) + 6;
        const ruser = text.slice(rstart, at);
        if (ruser) f.ruser = ruser;
      }
      const um = /^\s+user=(.*)$/s.exec(after);
      if (um) f.User = um[1].trim();
      else if (f.ruser && !f.User) f.User = f.ruser;
      break;
    }
    from = at + 1;
  }
  if (!f.src_ip && !f.rhost && known) setPeer(f, known);
  const lm = /logname=(\S*)/.exec(text);
  if (lm?.[1]) f.logname = lm[1];
  const tty = /tty=(\S*)/.exec(text);
  if (tty?.[1]) f.tty = tty[1];
  return f;
}

export const SSH_ADDR_RE = RE_ADDR_ONLY;
export const SSH_FROM_END = RE_FROM_END;

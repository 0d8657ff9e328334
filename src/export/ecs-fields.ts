/**
 * From konseki's field names (Sigma names: Windows EventData, proxy c-uri, firewall src_ip, …) to
 * ECS fields, and the ECS categorization of an event. Values that an ECS field's type would refuse
 * (an IP field that is not an address, a port that is not a number) are left out, not sent: one bad
 * value makes Elasticsearch reject the whole document.
 */
import { isIP } from 'node:net';
import type { FieldValue, Fields } from '../core/event.ts';

export type Doc = Record<string, unknown>;

function first(v: FieldValue | undefined): string | number | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  if (x === null || x === undefined || typeof x === 'boolean') return undefined;
  if (typeof x === 'string') {
    const s = x.trim();
    return s === '' || s === '-' ? undefined : s;
  }
  return x;
}

function pick(f: Fields, names: readonly string[]): string | number | undefined {
  for (const n of names) {
    const v = first(f[n]);
    if (v !== undefined) return v;
  }
  return undefined;
}

const text = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));

export function ipOf(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  let s = String(v)
    .trim()
    .replace(/^\[|\]$/g, '');
  if (s.startsWith('::ffff:') && isIP(s.slice(7)) === 4) s = s.slice(7);
  const pct = s.indexOf('%');
  if (pct > 0) s = s.slice(0, pct);
  return isIP(s) ? s : undefined;
}

export function portOf(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function intOf(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (/^\d{1,15}$/.test(v)) return Number(v);
  if (/^0x[0-9a-f]{1,13}$/i.test(v)) return parseInt(v.slice(2), 16);
  return undefined;
}

/** Sets a dotted path in a nested document, creating objects on the way. */
export function put(doc: Doc, path: string, value: unknown): void {
  if (value === undefined || value === '') return;
  const parts = path.split('.');
  let o = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    const next = o[k];
    if (next && typeof next === 'object' && !Array.isArray(next)) o = next as Doc;
    else o = o[k] = {};
  }
  o[parts[parts.length - 1]!] = value;
}

/** "SHA1=…,MD5=…,SHA256=…,IMPHASH=…" (Sysmon) to file.hash.* */
function hashes(v: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v) return out;
  for (const part of v.split(',')) {
    const m = /^\s*(MD5|SHA1|SHA256|SHA512)=([0-9a-f]+)\s*$/i.exec(part);
    if (m) out[m[1]!.toLowerCase()] = m[2]!.toLowerCase();
  }
  return out;
}

const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1);

/** The ECS fields konseki can say about one event's fields. */
export function ecsFromFields(f: Fields, doc: Doc): void {
  const srcIp = ipOf(pick(f, ['IpAddress', 'SourceIp', 'SourceAddress', 'src_ip', 'c-ip', 'ClientIP', 'id.orig_h']));
  const dstIp = ipOf(pick(f, ['DestinationIp', 'DestAddress', 'dst_ip', 'r-dns-ip', 'id.resp_h']));
  put(doc, 'source.ip', srcIp);
  put(doc, 'source.port', portOf(pick(f, ['IpPort', 'SourcePort', 'src_port', 'id.orig_p'])));
  put(doc, 'destination.ip', dstIp);
  put(doc, 'destination.port', portOf(pick(f, ['DestinationPort', 'DestPort', 'dst_port', 'id.resp_p'])));
  const dstHost = text(pick(f, ['DestinationHostname', 'cs-host', 'r-dns', 'QueryName', 'query']));
  if (dstHost && !ipOf(dstHost)) put(doc, 'destination.domain', dstHost.replace(/:\d+$/, '').toLowerCase());

  const user = text(pick(f, ['TargetUserName', 'User', 'SubjectUserName', 'user', 'UserName', 'AccountName']));
  if (user) {
    const m = /^([^\\]+)\\(.+)$/.exec(user);
    put(doc, 'user.name', m ? m[2] : user);
    put(doc, 'user.domain', m ? m[1] : text(pick(f, ['TargetDomainName', 'SubjectDomainName'])));
  }
  const exe = text(pick(f, ['Image', 'NewProcessName', 'ProcessName', 'Application']));
  if (exe) {
    put(doc, 'process.executable', exe);
    put(doc, 'process.name', baseName(exe));
  }
  put(doc, 'process.command_line', text(pick(f, ['CommandLine', 'ProcessCommandLine'])));
  put(doc, 'process.pid', intOf(pick(f, ['ProcessId', 'NewProcessId', 'pid'])));
  const parent = text(pick(f, ['ParentImage', 'ParentProcessName']));
  if (parent) {
    put(doc, 'process.parent.executable', parent);
    put(doc, 'process.parent.name', baseName(parent));
  }
  put(doc, 'process.parent.command_line', text(pick(f, ['ParentCommandLine'])));
  put(doc, 'process.parent.pid', intOf(pick(f, ['ParentProcessId'])));

  const url = text(pick(f, ['url', 'c-uri']));
  if (url) {
    put(doc, 'url.original', url);
    try {
      const u = new URL(url);
      put(doc, 'url.scheme', u.protocol.replace(/:$/, ''));
      put(doc, 'url.domain', u.hostname);
      put(doc, 'url.path', u.pathname);
      if (u.port) put(doc, 'url.port', Number(u.port));
    } catch {
      // a CONNECT target or a relative path: url.original says it all
    }
  }
  put(doc, 'user_agent.original', text(pick(f, ['c-useragent', 'user_agent', 'useragent'])));
  put(doc, 'http.request.method', text(pick(f, ['cs-method', 'method'])));
  const status = intOf(pick(f, ['sc-status', 'status_code']));
  if (status !== undefined && status >= 100 && status <= 999) put(doc, 'http.response.status_code', status);
  const query = text(pick(f, ['QueryName', 'query']));
  if (query) put(doc, 'dns.question.name', query.replace(/\.$/, ''));
  const file = text(pick(f, ['TargetFilename', 'FilePath', 'Path']));
  if (file && /[\\/]/.test(file)) put(doc, 'file.path', file);
  const h = hashes(text(pick(f, ['Hashes', 'Hash'])));
  for (const [k, v] of Object.entries(h)) put(doc, `file.hash.${k}`, v);
  put(doc, 'registry.path', text(pick(f, ['TargetObject'])));
}

/** event.category / event.type / event.action of an event by its Windows id or its Sigma log source. */
export function categorize(
  f: Fields,
  logsource: { category?: string; product?: string; service?: string },
): { category: string[]; type: string[]; action?: string } | undefined {
  const id = intOf(first(f.EventID));
  const provider = String(first(f.Provider_Name) ?? '');
  const sysmon = provider === 'Microsoft-Windows-Sysmon';
  if (sysmon && id !== undefined) {
    const s = SYSMON[id];
    if (s) return s;
  }
  if (!sysmon && id !== undefined && WINDOWS[id]) return WINDOWS[id];
  const c = CATEGORY[logsource.category ?? ''] ?? CATEGORY[logsource.service ?? ''];
  return c;
}

type Cat = { category: string[]; type: string[]; action?: string };
const WINDOWS: Record<number, Cat> = {
  4624: { category: ['authentication', 'session'], type: ['start'], action: 'logged-in' },
  4625: { category: ['authentication'], type: ['start'], action: 'logon-failed' },
  4634: { category: ['session'], type: ['end'], action: 'logged-out' },
  4647: { category: ['session'], type: ['end'], action: 'logged-out' },
  4648: { category: ['authentication'], type: ['start'], action: 'logged-in-explicit' },
  4672: { category: ['iam'], type: ['admin'], action: 'logged-in-special' },
  4688: { category: ['process'], type: ['start'], action: 'created-process' },
  4689: { category: ['process'], type: ['end'], action: 'exited-process' },
  4697: { category: ['iam', 'configuration'], type: ['admin', 'change'], action: 'service-installed' },
  4698: { category: ['configuration'], type: ['creation'], action: 'scheduled-task-created' },
  4720: { category: ['iam'], type: ['user', 'creation'], action: 'added-user-account' },
  4732: { category: ['iam'], type: ['group', 'change'], action: 'added-member-to-group' },
  4768: { category: ['authentication'], type: ['start'], action: 'kerberos-authentication-ticket-requested' },
  4769: { category: ['authentication'], type: ['start'], action: 'kerberos-service-ticket-requested' },
  4776: { category: ['authentication'], type: ['start'], action: 'credential-validated' },
  1102: { category: ['iam'], type: ['admin', 'change'], action: 'audit-log-cleared' },
  104: { category: ['host'], type: ['change'], action: 'log-cleared' },
  7045: { category: ['configuration'], type: ['creation'], action: 'service-installed' },
  4104: { category: ['process'], type: ['info'], action: 'powershell-script-block' },
};
const SYSMON: Record<number, Cat> = {
  1: { category: ['process'], type: ['start'], action: 'process-created' },
  3: { category: ['network'], type: ['connection', 'start'], action: 'network-connection' },
  5: { category: ['process'], type: ['end'], action: 'process-terminated' },
  7: { category: ['process'], type: ['change'], action: 'image-loaded' },
  8: { category: ['process'], type: ['change'], action: 'create-remote-thread' },
  10: { category: ['process'], type: ['access'], action: 'process-access' },
  11: { category: ['file'], type: ['creation'], action: 'file-created' },
  12: { category: ['registry'], type: ['change'], action: 'registry-object-added-or-deleted' },
  13: { category: ['registry'], type: ['change'], action: 'registry-value-set' },
  22: { category: ['network'], type: ['protocol', 'info'], action: 'dns-query' },
  23: { category: ['file'], type: ['deletion'], action: 'file-deleted' },
};
const CATEGORY: Record<string, Cat> = {
  process_creation: { category: ['process'], type: ['start'] },
  network_connection: { category: ['network'], type: ['connection'] },
  firewall: { category: ['network'], type: ['connection'] },
  proxy: { category: ['network', 'web'], type: ['access'] },
  webserver: { category: ['web'], type: ['access'] },
  dns: { category: ['network'], type: ['protocol'] },
  dns_query: { category: ['network'], type: ['protocol'] },
  file_event: { category: ['file'], type: ['creation'] },
  registry_set: { category: ['registry'], type: ['change'] },
  registry_event: { category: ['registry'], type: ['change'] },
  ids: { category: ['intrusion_detection', 'network'], type: ['info'] },
  sshd: { category: ['authentication'], type: ['info'] },
  auth: { category: ['authentication'], type: ['info'] },
};

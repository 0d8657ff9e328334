/**
 * Zeek records (native column names, typed) → the normalized names of FIELDS.md, per log path.
 * Also: which log a record belongs to when the file does not say.
 */
import type { Fields, FieldValue, LogSource } from '../../core/event.ts';
import { setUrlFields } from './text/url.ts';

export const KNOWN_PATHS = new Set([
  'conn',
  'dns',
  'http',
  'ssl',
  'x509',
  'files',
  'smb_files',
  'smb_mapping',
  'dce_rpc',
  'kerberos',
  'ntlm',
  'rdp',
  'ssh',
  'ftp',
  'smtp',
  'snmp',
  'sip',
  'ntp',
  'dhcp',
  'notice',
  'weird',
  'dpd',
  'pe',
  'software',
  'tunnel',
  'known_hosts',
  'known_services',
  'known_certs',
  'capture_loss',
  'stats',
  'reporter',
  'packet_filter',
  'loaded_scripts',
  'analyzer',
  'open_conn',
  'open_http',
  'open_ssl',
  'conn-summary',
  'mysql',
  'radius',
  'irc',
  'socks',
  'modbus',
  'dnp3',
  'intel',
  'signatures',
]);

const OPEN: Record<string, string> = { open_conn: 'conn', open_http: 'http', open_ssl: 'ssl' };

/** The log path from a file name: "conn.log", "conn.15:00:00-16:00:00.log.gz", "dns.json.gz", "conn_json.log". */
export function pathFromName(name: string): string | undefined {
  const base = name.split('.')[0].toLowerCase();
  if (KNOWN_PATHS.has(base)) return base;
  for (const suffix of ['_json', '-json', '_top']) {
    if (base.endsWith(suffix) && KNOWN_PATHS.has(base.slice(0, -suffix.length))) return base.slice(0, -suffix.length);
  }
  return undefined;
}

/** The log path from the columns present, when nothing else says. */
export function pathFromFields(names: Iterable<string>): string | undefined {
  const s = new Set(names);
  if (s.has('conn_state') || (s.has('orig_bytes') && s.has('history'))) return 'conn';
  if (s.has('qtype_name') || (s.has('query') && s.has('rcode'))) return 'dns';
  if (s.has('method') && s.has('uri')) return 'http';
  if (s.has('server_name') && (s.has('cipher') || s.has('version'))) return 'ssl';
  return undefined;
}

export function zeekLogsource(path: string | undefined): { logsource: LogSource; open: boolean } {
  const p = path ?? 'unknown';
  const base = OPEN[p];
  return { logsource: { product: 'zeek', service: base ?? p }, open: base !== undefined };
}

const first = (v: FieldValue | undefined): string | undefined =>
  Array.isArray(v) ? (v.length ? String(v[0]) : undefined) : typeof v === 'string' && v !== '' ? v : undefined;

function copy(f: Fields, to: string, from: string): void {
  const v = f[from];
  if (v !== undefined && v !== null && v !== '') f[to] = v;
}

/** Add the normalized names for a record of `service` (after `open_*` mapping). */
export function normalizeZeek(f: Fields, service: string): void {
  copy(f, 'src_ip', 'id.orig_h');
  copy(f, 'src_port', 'id.orig_p');
  copy(f, 'dst_ip', 'id.resp_h');
  copy(f, 'dst_port', 'id.resp_p');
  switch (service) {
    case 'dns': {
      copy(f, 'record_type', 'qtype_name');
      copy(f, 'rcode', 'rcode_name');
      const ans = f.answers;
      if (Array.isArray(ans) && ans.length) f.answer = ans.map(String);
      else if (typeof ans === 'string' && ans) f.answer = [ans];
      break;
    }
    case 'http': {
      copy(f, 'c-ip', 'id.orig_h');
      const method = typeof f.method === 'string' ? f.method : undefined;
      if (method) f['cs-method'] = method;
      const uri = typeof f.uri === 'string' ? f.uri : undefined;
      const host = typeof f.host === 'string' ? f.host : undefined;
      const port = typeof f['id.resp_p'] === 'number' ? f['id.resp_p'] : undefined;
      if (uri) setUrlFields(f, method, uri, host, port);
      else if (host) f['cs-host'] = f['r-dns'] = host.toLowerCase();
      if (host && f['cs-host'] === undefined) f['cs-host'] = host.toLowerCase();
      copy(f, 'c-useragent', 'user_agent');
      copy(f, 'cs-referrer', 'referrer');
      copy(f, 'sc-status', 'status_code');
      copy(f, 'cs-bytes', 'request_body_len');
      copy(f, 'sc-bytes', 'response_body_len');
      const mime = first(f.resp_mime_types);
      if (mime) f.mime_type = mime;
      copy(f, 'cs-version', 'version');
      break;
    }
    case 'ssl':
      copy(f, 'tls_version', 'version');
      copy(f, 'issuer', 'issuer');
      break;
    default:
      break;
  }
}

/**
 * The socket table of the Linux collector (volatile/sockets.tsv, from /proc/net/{tcp,udp}{,6} and
 * the processes' socket descriptors): one event per socket at collection time, with the owning
 * process when it could be seen. Addresses use the network field names too (src_ip = local side,
 * dst_ip = remote side) so the indicator and C&C analyses see live connections.
 */
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { splitDeleted } from './processes.ts';
import { secondsUs, sniffTable, tableRows, type TableHeader } from './table.ts';

/** Full IPv6 groups as the collector prints them → the usual short form; IPv4-mapped → IPv4. */
export function shortIp(a: string): string {
  if (!a.includes(':')) return a;
  const groups = a.split(':').map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
  if (groups.length !== 8) return a.toLowerCase();
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const hi = Number.parseInt(groups[6], 16);
    const lo = Number.parseInt(groups[7], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  // the longest run of zero groups becomes ::
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

const dash = (s: string | undefined): string => (s === undefined || s === '-' ? '' : s);

export function socketFields(
  proto: string,
  local: string,
  lport: number,
  remote: string,
  rport: number,
  state: string,
): Fields {
  const f: Fields = {
    Protocol: proto,
    LocalAddress: local,
    LocalPort: lport,
    RemoteAddress: remote,
    RemotePort: rport,
    State: state,
    src_ip: local,
    src_port: lport,
  };
  const unspecified = remote === '0.0.0.0' || remote === '::' || remote === '*' || remote === '';
  if (!unspecified) {
    f.dst_ip = remote;
    f.dst_port = rport;
  }
  return f;
}

export async function* readLinuxSockets(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  let header: TableHeader | undefined;
  let seen = false;
  for await (const r of tableRows(path, file, ctx.issues, 8, (h) => (header = h), ctx.onProgress)) {
    const c = r.cells;
    if (c[0] === 'proto') continue;
    const h = header as TableHeader | undefined;
    if (!seen && !h) ctx.issues.push(issue('live.no_header', { file }));
    seen = true;
    const fields = socketFields(c[0].replace(/6$/, ''), shortIp(c[1]), Number(c[2]), shortIp(c[3]), Number(c[4]), c[5]);
    fields.ip_version = c[0].endsWith('6') ? 6 : 4;
    fields.uid = c[6];
    fields.inode = c[7];
    const pid = Number(dash(c[8]));
    if (dash(c[8]) && Number.isInteger(pid)) fields.ProcessId = pid;
    if (dash(c[9])) fields.comm = c[9].trim();
    if (dash(c[10])) {
      const { image, deleted } = splitDeleted(c.slice(10).join('\t'));
      fields.Image = image;
      fields.ImageDeleted = deleted;
    }
    const e: Event = {
      ts: secondsUs(h?.meta.collected),
      source: { format: 'live-sockets', file, line: r.line },
      logsource: { product: 'linux', category: 'network_snapshot', service: 'live' },
      fields,
    };
    if (h?.meta.host) e.host = h.meta.host;
    yield e;
  }
}

export const linuxSocketReader: SourceReader = {
  id: 'live-sockets',
  sniff: (head) => sniffTable(head, 'sockets'),
  read: readLinuxSockets,
};

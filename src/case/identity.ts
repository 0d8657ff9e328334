/**
 * Who is who: internal IP addresses mapped to computer names, and evidence directories mapped to the
 * host whose logs they hold, so that network findings (about IPs) and host findings (about names)
 * land on the same host. Read from the case store.
 */
import type { Store } from '../store/store.ts';

export interface Identity {
  /** IP → computer name (short, as Windows logs it), with how many events said so */
  ipNames: Map<string, string>;
  /** evidence directory → host whose events fill it */
  dirHosts: Map<string, string>;
}

const IP = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+:[0-9a-f:.]*$/i;
export const isIp = (s: string): boolean => IP.test(s);

export function dirOf(file: string): string {
  const bang = file.lastIndexOf('!');
  const path = bang >= 0 ? file.slice(0, bang) : file;
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash > 0 ? path.slice(0, slash) : '.';
}

export async function readIdentity(store: Store): Promise<Identity> {
  // Windows logons name the source computer (WorkstationName) next to its address (IpAddress)
  const pairs = await store.query(`
    SELECT fields->>'IpAddress' AS ip, upper(fields->>'WorkstationName') AS name, count(*) AS n
      FROM events
     WHERE product = 'windows' AND event_id IN (4624, 4625, 4648, 4776, 4768, 4769)
       AND coalesce(fields->>'IpAddress', '') NOT IN ('', '-', '::1', '127.0.0.1')
       AND coalesce(fields->>'WorkstationName', '') NOT IN ('', '-')
     GROUP BY 1, 2 ORDER BY n DESC, 1, 2`);
  const ipNames = new Map<string, string>();
  for (const r of pairs) {
    const ip = String(r.ip).replace(/^::ffff:/, '');
    if (isIp(ip) && !ipNames.has(ip)) ipNames.set(ip, String(r.name));
  }
  const dirs = await store.query(`
    SELECT file, host, count(*) AS n FROM events
     WHERE host IS NOT NULL AND format NOT IN ('squid', 'pfsense-filterlog', 'iptables', 'bind-query', 'suricata-eve', 'suricata-fast', 'snort-fast', 'zeek')
     GROUP BY 1, 2 ORDER BY n DESC, 1, 2`);
  const dirHosts = new Map<string, string>();
  const claimed = new Map<string, Set<string>>();
  for (const r of dirs) {
    const d = dirOf(String(r.file));
    const set = claimed.get(d) ?? new Set<string>();
    set.add(String(r.host));
    claimed.set(d, set);
  }
  // a directory belongs to a host only when that host is the only one logging there
  for (const [d, hosts] of claimed) if (hosts.size === 1) dirHosts.set(d, [...hosts][0]!);
  return { ipNames, dirHosts };
}

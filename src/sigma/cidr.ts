/** The `cidr` modifier: IPv4 and IPv6 networks; IPv4-mapped IPv6 addresses count as IPv4. */
import ipaddr from 'ipaddr.js';

export interface Network {
  bytes: number[];
  prefix: number;
}

export function parseCidr(text: string): Network | undefined {
  const t = text.trim();
  try {
    if (t.includes('/')) {
      if (!ipaddr.isValidCIDR(t)) return undefined;
      const [addr, prefix] = ipaddr.parseCIDR(t);
      return { bytes: addr.toByteArray(), prefix };
    }
    if (!ipaddr.isValid(t)) return undefined;
    const addr = ipaddr.parse(t);
    return { bytes: addr.toByteArray(), prefix: addr.kind() === 'ipv4' ? 32 : 128 };
  } catch {
    return undefined;
  }
}

/** Bytes of an address as logged (brackets and zone ids tolerated), or undefined. */
export function addressBytes(text: string): number[] | undefined {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const pct = t.indexOf('%');
  if (pct > 0) t = t.slice(0, pct);
  if (!ipaddr.isValid(t)) return undefined;
  try {
    return ipaddr.process(t).toByteArray();
  } catch {
    return undefined;
  }
}

export function inNetwork(addr: number[], net: Network): boolean {
  if (addr.length !== net.bytes.length) return false;
  let bits = net.prefix;
  for (let i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i]! & mask) !== (net.bytes[i]! & mask)) return false;
  }
  return true;
}

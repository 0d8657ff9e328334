/** Small value checks shared by the network readers (fast, no allocation-heavy parsing). */

const V4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const V6 = /^[0-9A-Fa-f:.]{2,45}(?:%[\w.-]{1,32})?$/;

export function isIpv4(s: string): boolean {
  return s.length <= 15 && V4.test(s);
}

/** IPv4 dotted quad, or something shaped like IPv6 (hex groups and colons, optional zone). */
export function isIp(s: string): boolean {
  if (isIpv4(s)) return true;
  return s.includes(':') && V6.test(s) && s.split('::').length <= 2;
}

/** A decimal integer (optionally negative) or a decimal number; NaN otherwise. */
export function num(s: string | undefined): number {
  if (s === undefined || s.length === 0 || s.length > 20) return NaN;
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

/** Port number 0..65535 or undefined. */
export function port(s: string | undefined): number | undefined {
  if (!s || s.length > 5) return undefined;
  const n = num(s);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

/** "ip:port" / "ip" / IPv6 "a:b::c:port" as Snort prints it (IPv6 port = last group when 9 groups, or after "]"). */
export function splitAddrPort(s: string): { ip: string; port?: number } {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end > 0)
      return { ip: s.slice(1, end).toLowerCase(), port: s[end + 1] === ':' ? port(s.slice(end + 2)) : undefined };
  }
  const colons = countChar(s, ':');
  if (colons === 1) {
    const i = s.indexOf(':');
    return { ip: s.slice(0, i), port: port(s.slice(i + 1)) };
  }
  if (colons >= 2) {
    // IPv6: Snort prints full 8 groups, so a 9th group is the port; "::" forms cannot carry a port
    const i = s.lastIndexOf(':');
    if (colons === 8 && !s.includes('::')) return { ip: s.slice(0, i).toLowerCase(), port: port(s.slice(i + 1)) };
    if (s.includes('.') && s.lastIndexOf('.') < i)
      return { ip: s.slice(0, i).toLowerCase(), port: port(s.slice(i + 1)) };
    return { ip: s.toLowerCase() };
  }
  return { ip: s };
}

export function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Sets `f[name]` when `v` is not empty, "-" or undefined. */
export function put(f: Record<string, unknown>, name: string, v: string | undefined): void {
  if (v !== undefined && v !== '' && v !== '-') f[name] = v;
}

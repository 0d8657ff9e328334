/** Plain text tables for the terminal, aligned for East-Asian wide characters. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        (c >= 0x20000 && c <= 0x3fffd))
        ? 2
        : 1;
  }
  return w;
}

const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

export function printTable(header: string[], rows: string[][], out: NodeJS.WritableStream = process.stdout): void {
  const all = [header, ...rows].map((r) => r.map(clean));
  const widths = header.map((_, i) => Math.min(80, Math.max(...all.map((r) => width(r[i] ?? '')))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  out.write(`${line(all[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of all.slice(1)) out.write(`${line(r)}\n`);
}

/** Plain text tables for the terminal, aligned for East-Asian wide characters. */
import { say, val } from './output.ts';

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

/** A table of human text on standard output; every cell is a value from the evidence, escaped as one line. */
export function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows].map((r) => r.map((c) => val(c)));
  const widths = header.map((_, i) => Math.min(80, Math.max(...all.map((r) => width(r[i] ?? '')))));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  say(`${line(all[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of all.slice(1)) say(line(r));
}

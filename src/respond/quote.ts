/**
 * Quoting for generated configuration. Values are canonical before they get here; these helpers are the
 * second line: even a value that slipped through could not leave its quotes.
 */

/** Characters XML 1.0 does not allow at all (they cannot even be escaped). */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(s: string): string {
  return s
    .replace(XML_ILLEGAL, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Text for comments, descriptions and log prefixes in any syntax: printable ASCII without quotes,
 * backslashes, comment or statement separators; anything else becomes `_`. Cut to `max` characters.
 */
export function safeLabel(s: string, max = 64): string {
  return s.replace(/[^A-Za-z0-9 ._:/@+,=()-]/g, '_').slice(0, max);
}

/** PowerShell single-quoted string (PowerShell also treats the typographic single quotes as quotes). */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** POSIX shell single-quoted word. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `YYYYMMDDnn` from an ISO time: a zone serial that grows with every generation on a new day. */
export function zoneSerial(iso: string): number {
  const d = new Date(iso);
  const ymd = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  // the quarter-hour of the day, so regenerating later on the same day still increases the serial
  return ymd * 100 + Math.min(99, d.getUTCHours() * 4 + Math.floor(d.getUTCMinutes() / 15));
}

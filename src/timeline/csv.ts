/**
 * CSV that spreadsheets cannot be tricked by: cells starting with = + - @ (or tab / CR) get a leading
 * apostrophe (OWASP's advice), then RFC 4180 quoting. A lone "-" (Hayabusa's empty marker) is left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) && s !== '-' ? `'${s}` : s;
}

export function csvCell(v: unknown): string {
  const s = neutralizeFormula(v === null || v === undefined ? '' : String(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

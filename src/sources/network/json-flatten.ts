/** Nested JSON objects to flat dotted fields (bounded in depth and count: log content is hostile). */
import type { Fields } from '../../core/event.ts';

export const MAX_FIELDS = 200;
const MAX_DEPTH = 6;

/** Copy `obj` into `f` as "prefix.key" fields; returns the number of fields written. */
export function flattenInto(
  f: Fields,
  obj: Record<string, unknown>,
  prefix = '',
  depth = 0,
  budget = { left: MAX_FIELDS },
): number {
  let n = 0;
  for (const k in obj) {
    if (budget.left <= 0) break;
    const v = obj[k];
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'object') {
      if (Array.isArray(v)) {
        const arr = scalarArray(v);
        f[name] = arr ?? JSON.stringify(v).slice(0, 4096);
        budget.left--;
        n++;
      } else if (depth < MAX_DEPTH) n += flattenInto(f, v as Record<string, unknown>, name, depth + 1, budget);
    } else {
      f[name] = typeof v === 'boolean' ? v : (v as string | number);
      budget.left--;
      n++;
    }
  }
  return n;
}

function scalarArray(v: unknown[]): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  for (const x of v) {
    if (typeof x === 'string' || typeof x === 'number') out.push(x);
    else if (typeof x === 'boolean') out.push(String(x));
    else return undefined;
  }
  return out;
}

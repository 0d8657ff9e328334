/**
 * Sigma strings: wildcards `*` and `?`, the backslash escape (`\*`, `\?`, `\\`; a backslash before anything
 * else is literal), and with `expand` the `%placeholder%` parts (`\%` is a plain percent).
 * A string is a list of parts: literal text, ANY (`*`), ONE (`?`), a character class (windash), a placeholder.
 */
export const ANY = 0;
export const ONE = 1;
export type Part = string | typeof ANY | typeof ONE | { cls: string[] } | { ph: string };

export interface SigmaStr {
  parts: Part[];
  /** literal text holds bytes (one char per byte: after wide/utf16) */
  bin?: boolean;
}

const PLACEHOLDER = /^%([A-Za-z0-9_.-]+)%/;

/** Parses a rule value per the specification's escape rules. */
export function parseSigmaString(raw: string, placeholders = false): Part[] {
  const parts: Part[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) parts.push(lit);
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      const n = raw[i + 1];
      if (n === '*' || n === '?' || n === '\\' || (placeholders && n === '%')) {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*') {
      flush();
      parts.push(ANY);
    } else if (c === '?') {
      flush();
      parts.push(ONE);
    } else if (placeholders && c === '%') {
      const m = PLACEHOLDER.exec(raw.slice(i));
      if (m) {
        flush();
        parts.push({ ph: m[1]! });
        i += m[0].length - 1;
      } else lit += c;
    } else lit += c;
  }
  flush();
  return parts;
}

export function isSpecial(p: Part): boolean {
  return typeof p !== 'string';
}
export function hasSpecial(s: SigmaStr): boolean {
  return s.parts.some(isSpecial);
}
/** The text of a string without wildcards (undefined when it has any). */
export function plainText(s: SigmaStr): string | undefined {
  let out = '';
  for (const p of s.parts) {
    if (typeof p !== 'string') return undefined;
    out += p;
  }
  return out;
}

export function placeholdersOf(s: SigmaStr): string[] {
  const out: string[] = [];
  for (const p of s.parts) if (typeof p === 'object' && 'ph' in p) out.push(p.ph);
  return out;
}

export function withLeadingAny(s: SigmaStr): SigmaStr {
  return s.parts[0] === ANY ? s : { ...s, parts: [ANY, ...s.parts] };
}
export function withTrailingAny(s: SigmaStr): SigmaStr {
  return s.parts[s.parts.length - 1] === ANY ? s : { ...s, parts: [...s.parts, ANY] };
}

/** Merges neighbouring literals (after substitutions). */
export function normalizeParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string') {
      if (!p) continue;
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else if (p === ANY && last === ANY) continue;
    else out.push(p);
  }
  return out;
}

/** Replaces placeholders by each combination of their values (values are Sigma strings themselves). */
export function expandPlaceholders(s: SigmaStr, values: Record<string, string[]>, limit = 4096): SigmaStr[] {
  let acc: Part[][] = [[]];
  for (const p of s.parts) {
    if (typeof p === 'object' && 'ph' in p) {
      const vals = values[p.ph] ?? [];
      const next: Part[][] = [];
      for (const a of acc) for (const v of vals) next.push([...a, ...parseSigmaString(v)]);
      if (next.length > limit) throw new Error(`placeholder ${p.ph} expands to more than ${limit} values`);
      acc = next;
    } else acc = acc.map((a) => [...a, p]);
  }
  return acc.map((parts) => ({ ...s, parts: normalizeParts(parts) }));
}

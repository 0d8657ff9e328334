/**
 * JSON with every lone UTF-16 surrogate replaced by U+FFFD. Damaged UTF-16 in evidence yields lone
 * surrogates; JSON.stringify writes them as `\udXXX` escapes, which strict readers (DuckDB's
 * read_json) refuse. Valid pairs are written as characters, so any such escape is a lone one.
 */
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

export function safeJson(value: unknown): string {
  const s = JSON.stringify(value);
  return s.includes('\\u') ? s.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd') : s;
}

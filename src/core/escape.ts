/**
 * Log content in reports is attacker-controlled (User-Agents, command lines, URLs, file names). It only
 * ever reaches HTML as escaped text, and Markdown as escaped prose or as code spans, so a hostile value
 * renders as the characters it is made of, in any viewer.
 */

/** Controls, line and paragraph separators, and characters that change text direction or hide text. */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Makes invisible and direction-changing characters visible as `\u{XXXX}`; lone surrogates become U+FFFD. */
export function visible(s: string): string {
  return s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}

/** Longest value shown in full; longer values are cut with a note of how much was left out. */
export const MAX_SHOWN = 2000;

export function cut(s: string, max = MAX_SHOWN): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (+${s.length - max})`;
}

/** Text for an HTML text node or a double-quoted attribute value. Newlines and tabs are kept. */
export function html(value: unknown, max = MAX_SHOWN): string {
  const s = cut(value === null || value === undefined ? '' : String(value), max);
  return visible(s.replace(/\r\n?/g, '\n'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One line: every line break becomes ` ⏎ ` (tables and list items must not be split by a value). */
function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\u2028\u2029\u0085\u000b\u000c]/g, ' ⏎ ').replace(/\t/g, ' ');
}

/**
 * Markdown prose: every character that can start markup is backslash-escaped, autolink triggers
 * (`://`, `www.`, e-mail `@`) are broken, and a leading block marker is escaped. Safe in paragraphs,
 * list items and table cells.
 */
export function md(value: unknown, max = MAX_SHOWN): string {
  let s = visible(oneLine(cut(value === null || value === undefined ? '' : String(value), max)));
  s = s.replace(/[\\`*_[\]<>|~&@#$!]/g, (c) => `\\${c}`);
  s = s.replace(/:\/\//g, '\\://').replace(/\b(www)\./gi, '$1\\.');
  // GFM links e-mail addresses after parsing, on the merged text: an empty comment splits the text node
  s = s.replace(/([A-Za-z0-9._+-])\\@(?=[A-Za-z0-9_-])/g, '$1<!---->\\@');
  s = s.replace(/^(\s*)([-+=>])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
  return s;
}

/**
 * A Markdown code span holding `value` exactly (nothing inside a code span is markup). In a table
 * cell (`cell = true`) pipes are escaped, which GFM undoes inside code spans of tables.
 */
export function mdCode(value: unknown, cell = true, max = MAX_SHOWN): string {
  let s = visible(oneLine(cut(value === null || value === undefined ? '' : String(value), max)));
  if (!s) return '';
  if (cell) s = s.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s.startsWith(' ') || s.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Characters a terminal acts on or that hide or reorder text: C0/C1 controls, DEL, bidi and invisible marks. */
const TERMINAL_UNSAFE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
const TERMINAL_UNSAFE_KEEP_NL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * Text for a terminal. Everything konseki prints to a terminal passes through here, because log
 * content can hold escape sequences (clear the screen, set the title, rewrite earlier lines) and line
 * breaks that forge lines of konseki's own output. Every control character (ESC, BEL, CR, …), bidi
 * override and invisible mark becomes visible as `\u{XXXX}`; lone surrogates become U+FFFD.
 * A value (`lines: false`, the default) keeps no line break either: a newline inside a host name or an
 * account becomes `\u{000a}`, so it cannot start a line of its own. Text konseki composed of its own
 * lines (`lines: true`, used by the output functions of the CLI) keeps its `\n`.
 */
export function terminal(value: unknown, o: { lines?: boolean } = {}): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(o.lines ? TERMINAL_UNSAFE_KEEP_NL : TERMINAL_UNSAFE, (c) =>
      c === '\t' ? c : `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`,
    );
}

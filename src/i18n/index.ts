/**
 * Message tables in English and Japanese. Each area defines its own table next to its code with
 * `defineMessages(en, ja)`; the Japanese table must have exactly the English keys (a compile error
 * otherwise). Messages are templates with `{name}` placeholders or functions of their parameters.
 */
export type Lang = 'en' | 'ja';
export type Params = Record<string, string | number | undefined>;
export type Message = string | ((p: Params) => string);

const tables: Record<Lang, Map<string, Message>> = { en: new Map(), ja: new Map() };
let current: Lang = detectLang();

export function defineMessages<T extends Record<string, Message>>(
  en: T,
  ja: { [K in keyof T]: Message },
): (keyof T & string)[] {
  for (const [k, v] of Object.entries(en)) tables.en.set(k, v);
  for (const [k, v] of Object.entries(ja)) tables.ja.set(k, v);
  return Object.keys(en);
}

/** Language from KONSEKI_LANG, then the POSIX locale variables; English when nothing says Japanese. */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = env.KONSEKI_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja/i.test(pick) ? 'ja' : 'en';
}

export function setLang(lang: string | undefined): Lang {
  if (lang === 'ja' || lang === 'en') current = lang;
  return current;
}
export function getLang(): Lang {
  return current;
}

function render(msg: Message, params: Params): string {
  if (typeof msg === 'function') return msg(params);
  return msg.replace(/\{(\w+)\}/g, (all, name: string) => (params[name] === undefined ? all : String(params[name])));
}

/** The message for `code` in the current (or given) language; falls back to English, then to the code itself. */
export function t(code: string, params: Params = {}, lang: Lang = current): string {
  const msg = tables[lang].get(code) ?? tables.en.get(code);
  return msg === undefined
    ? `${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`
    : render(msg, params);
}

/** Both languages at once, for findings that carry summary_en and summary_ja. */
export function tBoth(code: string, params: Params = {}): { en: string; ja: string } {
  return { en: t(code, params, 'en'), ja: t(code, params, 'ja') };
}

export function hasMessage(code: string, lang: Lang = 'en'): boolean {
  return tables[lang].has(code);
}

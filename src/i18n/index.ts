/**
 * Message tables in English and Japanese. Each area defines its own table next to its code with
 * `defineMessages(en, ja)`; the Japanese table must have exactly the English keys (a compile error
 * otherwise). Messages are templates with `{name}` placeholders or functions of their parameters.
 */
export type Lang = 'en' | 'ja';
export type Params = Record<string, string | number | undefined>;
export type Message = string | ((p: Params) => string);

/**
 * Every message key konseki has. Each area's messages file adds its keys with a module augmentation:
 * `declare module '…/i18n/index.ts' { interface MessageKeys extends KeysOf<typeof TABLE> {} }`,
 * so `t()` and `issue()` accept only keys that exist in both languages.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each area's messages file
export interface MessageKeys {}
export type MessageKey = keyof MessageKeys & string;
export type KeysOf<T> = { [K in keyof T]: true };

const tables: Record<Lang, Map<string, Message>> = { en: new Map(), ja: new Map() };
let current: Lang = detectLang();

export function defineMessages<T extends Record<string, Message>>(en: T, ja: { [K in keyof T]: Message }): T {
  for (const [k, v] of Object.entries(en)) tables.en.set(k, v);
  for (const [k, v] of Object.entries(ja)) tables.ja.set(k, v);
  return en;
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

/**
 * A key computed at run time from a closed set (`report.verdict.${v}`). The tables hold every member of
 * the set; t() shows the key itself if one is ever missing, and the message tests catch that.
 */
export function dynamicKey(code: string): MessageKey {
  return code as MessageKey;
}

/** The message for `code` in the current (or given) language; falls back to English, then to the code itself. */
export function t(code: MessageKey, params: Params = {}, lang: Lang = current): string {
  const msg = tables[lang].get(code) ?? tables.en.get(code);
  return msg === undefined
    ? `${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`
    : render(msg, params);
}

/** Both languages at once, for findings that carry summary_en and summary_ja. */
export function tBoth(code: MessageKey, params: Params = {}): { en: string; ja: string } {
  return { en: t(code, params, 'en'), ja: t(code, params, 'ja') };
}

/** Every key with a message, in the tables registered so far. */
export function messageKeys(lang: Lang = 'en'): string[] {
  return [...tables[lang].keys()];
}

export function hasMessage(code: string, lang: Lang = 'en'): boolean {
  return tables[lang].has(code);
}

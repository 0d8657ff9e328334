/**
 * The UI's message table, fetched from the server (src/web/messages.ts holds English and Japanese),
 * and the language switch. `{name}` placeholders are filled from params; the result is plain text.
 */
let table: Record<string, string> = {};
let lang: 'en' | 'ja' =
  document.querySelector('meta[name="konseki-lang"]')?.getAttribute('content') === 'ja' ? 'ja' : 'en';

export function currentLang(): 'en' | 'ja' {
  return lang;
}

export async function loadMessages(l: 'en' | 'ja'): Promise<void> {
  const r = await fetch(`/api/messages?lang=${l}`, { credentials: 'same-origin' });
  if (r.ok) table = (await r.json()) as Record<string, string>;
  lang = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem('konseki-lang', l);
  } catch {
    // storage may be disabled
  }
}

export function savedLang(): 'en' | 'ja' | undefined {
  try {
    const v = localStorage.getItem('konseki-lang');
    return v === 'ja' || v === 'en' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function t(key: string, params: Record<string, string | number> = {}): string {
  const msg = table[key] ?? key;
  return msg.replace(/\{(\w+)\}/g, (all, name: string) => (params[name] === undefined ? all : String(params[name])));
}

/** A finding's summary in the current language. */
export function summary(f: { summary_en?: string; summary_ja?: string }): string {
  return (lang === 'ja' ? f.summary_ja || f.summary_en : f.summary_en) ?? '';
}

/** A rule's title (or description) for people: konseki's own rules in the reader's language, other rules as written. */
import { dynamicKey, hasMessage, t, type Lang } from '../i18n/index.ts';
import './messages.ts';

export function ruleTitle(id: string | undefined, title: string, lang: Lang): string {
  const key = `rule.${id}.title`;
  return id && lang !== 'en' && hasMessage(key, lang) ? t(dynamicKey(key), {}, lang) : title;
}

export function ruleDescription(id: string | undefined, description: string, lang: Lang): string {
  const key = `rule.${id}.description`;
  return id && lang !== 'en' && hasMessage(key, lang) ? t(dynamicKey(key), {}, lang) : description;
}

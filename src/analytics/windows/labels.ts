/** Readable names of raw codes for summaries (the tables live with the Details column). */
import { LOGON_TYPES, STATUS_CODES } from './codes.ts';

/** "3 - Network" (the number alone when unknown). */
export function logonTypeLabel(type: number | undefined, lang: 'en' | 'ja' = 'en'): string {
  if (type === undefined) return '?';
  const w = LOGON_TYPES[type];
  return w ? `${type} - ${w[lang]}` : String(type);
}

export function statusLabel(code: number | undefined, lang: 'en' | 'ja' = 'en'): string {
  if (code === undefined) return '?';
  const w = STATUS_CODES[code];
  const hex = `0x${code.toString(16)}`;
  return w ? `${w[lang]} (${hex})` : hex;
}

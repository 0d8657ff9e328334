/**
 * The NCSA common / combined access-log line shared by Apache, nginx and Squid's `common`/`combined`
 * logformats: `host ident user [dd/Mon/yyyy:HH:MM:SS ±zzzz] "request" status bytes ["referer" "agent"] [extra…]`.
 */
import { localToUs, monthNumber } from './time.ts';

export interface ClfRecord {
  host: string;
  ident: string;
  user: string;
  ts: number;
  request: string;
  method?: string;
  target?: string;
  version?: string;
  status?: number;
  bytes?: number;
  referer?: string;
  agent?: string;
  /** whitespace-separated tokens after the quoted fields */
  extra: string[];
}

const HEAD = /^(\S+) (\S+) (\S+) \[([^\]]{1,64})\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(.*)$/;
const CLF_TIME = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([+-])(\d{2})(\d{2})$/;

export function clfTimeUs(s: string): number {
  const m = CLF_TIME.exec(s);
  if (!m) return NaN;
  const mo = monthNumber(m[2]);
  if (!mo) return NaN;
  const base = localToUs('UTC', +m[3], mo, +m[1], +m[4], +m[5], +m[6], m[7] ? Number((m[7] + '00000').slice(0, 6)) : 0);
  const off = (Number(m[9]) * 60 + Number(m[10])) * 60_000_000;
  return m[8] === '-' ? base + off : base - off;
}

/** Quoted strings and bare tokens of the tail (`"a b" "c" tok`), bounded to 16 items. */
export function tailTokens(s: string): { quoted: string[]; bare: string[] } {
  const quoted: string[] = [];
  const bare: string[] = [];
  let i = 0;
  let guard = 0;
  while (i < s.length && guard++ < 16) {
    while (s.charCodeAt(i) === 32) i++;
    if (i >= s.length) break;
    if (s[i] === '"') {
      let j = i + 1;
      let out = '';
      for (; j < s.length; j++) {
        const ch = s[j];
        if (ch === '\\' && (s[j + 1] === '"' || s[j + 1] === '\\')) {
          out += s[++j];
          continue;
        }
        if (ch === '"') break;
        out += ch;
      }
      quoted.push(out);
      i = j + 1;
    } else {
      let j = s.indexOf(' ', i);
      if (j < 0) j = s.length;
      bare.push(s.slice(i, j));
      i = j;
    }
  }
  return { quoted, bare };
}

/** Parse the line, or return why it is not a CLF line. */
export function parseClf(line: string): ClfRecord | string {
  const m = HEAD.exec(line);
  if (!m) return 'not a common/combined log line';
  const rec: ClfRecord = {
    host: m[1],
    ident: m[2],
    user: m[3],
    ts: clfTimeUs(m[4]),
    request: m[5].replace(/\\(["\\])/g, '$1'),
    extra: [],
  };
  if (Number.isNaN(rec.ts)) return 'bad [time] field';
  if (m[6] !== '-') rec.status = Number(m[6]);
  if (m[7] !== '-') rec.bytes = Number(m[7]);
  const parts = rec.request.split(' ');
  if (parts.length === 3 && /^[A-Za-z_-]{1,32}$/.test(parts[0]) && parts[2].startsWith('HTTP/')) {
    rec.method = parts[0];
    rec.target = parts[1];
    rec.version = parts[2];
  } else if (parts.length === 2 && /^[A-Z]{1,32}$/.test(parts[0])) {
    rec.method = parts[0];
    rec.target = parts[1];
  }
  const tail = tailTokens(m[8]);
  if (tail.quoted.length >= 1) rec.referer = tail.quoted[0];
  if (tail.quoted.length >= 2) rec.agent = tail.quoted[1];
  rec.extra = tail.bare;
  return rec;
}

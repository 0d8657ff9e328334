/**
 * Zeek logs: TSV with its header (#separator, #set_separator, #empty_field, #unset_field, #path,
 * #fields, #types; parsed by #fields, re-read whenever a new header appears) or JSON lines (dotted
 * `id.orig_h` or RockNSM-style `id_orig_h` keys; `_path` / `@stream` name the log). Gzip and rotated
 * names are handled by the line reader and pathFromName().
 */
import type { Fields, FieldValue } from '../../core/event.ts';
import { IGNORE, makeReader, netEvent, type LineFormat, type LineResult, type ParseContext } from './format.ts';
import { epochNumberToUs, epochSecondsToUs, isoToUs } from './text/time.ts';
import { KNOWN_PATHS, normalizeZeek, pathFromFields, pathFromName, zeekLogsource } from './zeek-normalize.ts';

type Convert = (v: string) => FieldValue;

interface TsvHeader {
  sep: string;
  setSep: string;
  empty: string;
  unset: string;
  path?: string;
  fields?: string[];
  convert?: Convert[];
  tsAt?: number;
}

const NUMERIC = new Set(['count', 'int', 'port', 'double', 'interval', 'time']);

function zeekUnescape(v: string): string {
  return v.includes('\\x')
    ? v.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : v;
}

function converterFor(type: string, setSep: string): Convert {
  const container = /^(?:set|vector|table)\[(\w+)\]$/.exec(type);
  if (container) {
    const inner = NUMERIC.has(container[1]);
    return (v) =>
      v.split(setSep).map((x) => (inner && x !== '' && Number.isFinite(Number(x)) ? Number(x) : zeekUnescape(x)));
  }
  if (NUMERIC.has(type))
    return (v) => {
      const n = Number(v);
      return Number.isFinite(n) ? n : zeekUnescape(v);
    };
  if (type === 'bool') return (v) => (v === 'T' ? true : v === 'F' ? false : v);
  return zeekUnescape;
}

function headerValue(line: string): string {
  const i = line.search(/[\t ]/);
  return i < 0 ? '' : line.slice(i + 1);
}

function tsvParser(ctx: ParseContext, nameHint: string | undefined) {
  let h: TsvHeader = { sep: '\t', setSep: ',', empty: '(empty)', unset: '-' };
  let toldNoFields = false;
  return (text: string, no: number): LineResult => {
    if (text.startsWith('#')) {
      if (text.startsWith('#separator')) {
        const v = headerValue(text).replace(/\\x([0-9a-fA-F]{2})/g, (_, x: string) =>
          String.fromCharCode(parseInt(x, 16)),
        );
        h = { sep: v || '\t', setSep: ',', empty: '(empty)', unset: '-' };
      } else {
        const sp = text.indexOf(h.sep);
        const key = sp < 0 ? text.slice(1) : text.slice(1, sp);
        const rest = sp < 0 ? '' : text.slice(sp + h.sep.length);
        if (key === 'set_separator') h.setSep = rest || ',';
        else if (key === 'empty_field') h.empty = rest;
        else if (key === 'unset_field') h.unset = rest;
        else if (key === 'path') h.path = rest;
        else if (key === 'fields') {
          h.fields = rest.split(h.sep);
          h.convert = h.fields.map(() => zeekUnescape);
          h.tsAt = h.fields.indexOf('ts');
        } else if (key === 'types' && h.fields) {
          const types = rest.split(h.sep);
          h.convert = h.fields.map((_, i) => converterFor(types[i] ?? 'string', h.setSep));
        }
      }
      return IGNORE;
    }
    if (!text) return IGNORE;
    if (!h.fields || !h.convert) {
      if (!toldNoFields) ctx.report('net.zeek_no_fields', no);
      toldNoFields = true;
      return 'Zeek data line before a #fields header';
    }
    const cols = text.split(h.sep);
    if (cols.length !== h.fields.length) return `${cols.length} columns where #fields has ${h.fields.length}`;
    const f: Fields = {};
    for (let i = 0; i < cols.length; i++) {
      const v = cols[i];
      if (v === h.unset || v === h.empty || v === '') continue;
      f[h.fields[i]] = h.convert[i](v);
    }
    const tsText = h.tsAt !== undefined && h.tsAt >= 0 ? cols[h.tsAt] : undefined;
    const ts = tsText === undefined ? NaN : epochSecondsToUs(tsText);
    if (tsText !== undefined && tsText !== h.unset && Number.isNaN(ts)) return 'ts is not an epoch time';
    return finish(ctx, no, f, ts, h.path ?? nameHint ?? pathFromFields(h.fields), text);
  };
}

function finish(
  ctx: ParseContext,
  no: number,
  f: Fields,
  ts: number,
  path: string | undefined,
  text: string,
): LineResult {
  const { logsource, open } = zeekLogsource(path);
  if (open) f.open = true;
  if (path && !f._path) f._path = path;
  normalizeZeek(f, logsource.service ?? '');
  f.message = text;
  const host = typeof f['id.orig_h'] === 'string' ? f['id.orig_h'] : undefined;
  return netEvent(ctx, no, ts, host, logsource, f);
}

function jsonValue(v: unknown): FieldValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'number' ? x : typeof x === 'string' ? x : JSON.stringify(x)));
  return JSON.stringify(v).slice(0, 4096);
}

function jsonLine(ctx: ParseContext, nameHint: string | undefined, text: string, no: number): LineResult {
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
    o = v as Record<string, unknown>;
  } catch (e) {
    return `invalid JSON (${(e as Error).message.slice(0, 80)})`;
  }
  const f: Fields = {};
  let n = 0;
  for (const k in o) {
    if (n++ > 300) break;
    const v = jsonValue(o[k]);
    if (v === undefined || v === '') continue;
    f[k.startsWith('id_') ? `id.${k.slice(3)}` : k] = v;
  }
  const t = o.ts;
  const ts = typeof t === 'number' ? epochNumberToUs(t) : typeof t === 'string' ? isoToUs(t) : NaN;
  if (t !== undefined && Number.isNaN(ts)) return 'ts is not a time';
  const stream = typeof o._path === 'string' ? o._path : typeof o['@stream'] === 'string' ? o['@stream'] : undefined;
  const path = stream ?? nameHint ?? pathFromFields(Object.keys(f));
  return finish(ctx, no, f, ts, path, text);
}

function parser(ctx: ParseContext) {
  const nameHint = pathFromName(ctx.name);
  let tsv: ((t: string, n: number) => LineResult) | undefined;
  return {
    line(text: string, no: number): LineResult {
      const c = text.charCodeAt(0);
      if (c === 123 /* { */) return jsonLine(ctx, nameHint, text, no);
      if (!text.trim()) return IGNORE;
      tsv ??= tsvParser(ctx, nameHint);
      return tsv(text, no);
    },
  };
}

const JSON_ZEEK = /^\{.*"(?:ts)":/;

export const zeekFormat: LineFormat = {
  id: 'zeek',
  sniff(lines, name) {
    const l0 = lines[0] ?? '';
    if (l0.startsWith('#separator')) return 0.95;
    if (l0.startsWith('{') && !l0.includes('"event_type":')) {
      if (JSON_ZEEK.test(l0) && /"(?:uid|id\.orig_h|id_orig_h|_path|@stream)":/.test(l0)) return 0.9;
      if (JSON_ZEEK.test(l0) && pathFromName(name)) return 0.6;
      return 0;
    }
    // headerless TSV (e.g. a log cut at the top): let the user hear why nothing is read
    const cols = l0.split('\t');
    if (cols.length >= 8 && /^\d{9,10}\.\d{1,6}$/.test(cols[0]) && KNOWN_PATHS.has(pathFromName(name) ?? ''))
      return 0.5;
    return 0;
  },
  parser,
};

export const zeekReader = makeReader(zeekFormat);

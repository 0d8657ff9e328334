/**
 * Windows events exported as JSON lines, read into the same normalized events as .evtx (fields named
 * and valued as src/sources/evtx/fields.ts gives them, logsource product windows), so rules,
 * analyses and the timeline treat them alike:
 * - `evtx-json`: `evtx_dump -o jsonl` layout (evtx-json.ts);
 * - `winlogbeat`: Winlogbeat / Elastic Agent ECS NDJSON, Elasticsearch hits (siem.ts);
 * - `splunk-wineventlog`: Splunk's JSON export of WinEventLog / XmlWinEventLog (siem.ts).
 * Every line is read on its own: a bad line is counted, reported (file and line) and skipped.
 */
import { parseTs, type Event, type Fields } from '../../core/event.ts';
import { issue, type Issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { evtxJsonFields, quoteBigIntegers } from './evtx-json.ts';
import { headJsonLines, jsonLines } from './lines.ts';
import { looksLikeSplunk, looksLikeWinlogbeat, splunkFields, winlogbeatFields, type Parsed } from './siem.ts';
import './messages.ts';

type Obj = Record<string, unknown>;
const MAX_LINE_ISSUES = 50;

interface Layout {
  id: string;
  /** does one parsed line look like this layout? */
  looks(o: Obj): boolean;
  /** the start of a line too long for the sniffing head */
  prefix: RegExp;
  /** fields of a line; null: not an event (a status line), string: why it is unreadable */
  parse(o: Obj): Parsed | string | null;
  /** the line's text before JSON.parse */
  prepare?(text: string): string;
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const LAYOUTS: Layout[] = [
  {
    id: 'evtx-json',
    looks: (o) => isObj(o.Event) && isObj((o.Event as Obj).System),
    prefix: /^\s*\{\s*"Event"\s*:\s*\{\s*"(#attributes|System)"/,
    prepare: quoteBigIntegers,
    parse(o) {
      if (!isObj(o.Event)) return 'no Event object';
      const fields = evtxJsonFields(o.Event);
      return fields ? { fields } : 'no System object';
    },
  },
  {
    id: 'winlogbeat',
    looks: looksLikeWinlogbeat,
    prefix: /^\s*\{.{0,4000}"winlog(\.channel)?"\s*:/s,
    parse: winlogbeatFields,
  },
  {
    id: 'splunk-wineventlog',
    looks: looksLikeSplunk,
    prefix: /^\s*\{\s*"(preview|result|_raw)".{0,4000}WinEventLog/s,
    parse: splunkFields,
  },
];

function sniffLayout(layout: Layout, head: Buffer): number {
  const lines = headJsonLines(head);
  let parsed = 0;
  let mine = 0;
  for (const l of lines) {
    let o: unknown;
    try {
      o = JSON.parse(l);
    } catch {
      continue;
    }
    if (!isObj(o)) continue;
    parsed++;
    if (layout.looks(o)) mine++;
  }
  if (parsed) return mine === parsed ? 0.95 : mine > 0 ? 0.7 : 0;
  // no complete line in the head (one huge record): its start must say it
  const start = head.subarray(0, 8192).toString('utf8');
  return layout.prefix.test(start) ? 0.6 : 0;
}

function toEvent(p: Parsed, format: string, file: string, line: number): Event {
  const f: Fields = p.fields;
  const st = f.TimeCreated_SystemTime;
  const t = typeof st === 'string' ? parseTs(st) : NaN;
  const computer = f.Computer;
  const rec = f.EventRecordID;
  const e: Event = {
    ts: Number.isNaN(t) ? (p.ts ?? NaN) : t,
    source: { format, file, line },
    logsource: { product: 'windows' },
    fields: f,
  };
  if (typeof rec === 'number') e.source.record = rec;
  if (typeof computer === 'string' && computer) e.host = computer;
  return e;
}

function reader(layout: Layout): SourceReader {
  return {
    id: layout.id,
    sniff: (head) => sniffLayout(layout, head),
    async *read(path: string, ctx: ReadContext) {
      const file = ctx.displayPath;
      const issues: Issue[] = ctx.issues;
      let lines = 0;
      let skipped = 0;
      let classic = 0;
      const bad = (
        no: number,
        code: 'winjson.bad_line' | 'winjson.overlong',
        params: Record<string, string | number>,
      ): void => {
        skipped++;
        if (skipped <= MAX_LINE_ISSUES) issues.push(issue(code, { file, line: no }, { format: layout.id, ...params }));
      };
      for await (const item of jsonLines(
        path,
        (reason) => issues.push(issue('winjson.read_error', { file }, { reason }, 'error')),
        ctx.onProgress,
      )) {
        lines++;
        if ('overlong' in item) {
          bad(item.no, 'winjson.overlong', { bytes: item.overlong });
          continue;
        }
        const t = item.text.trim();
        if (!t) continue;
        let o: unknown;
        try {
          o = JSON.parse(layout.prepare ? layout.prepare(t) : t);
        } catch (e) {
          bad(item.no, 'winjson.bad_line', { reason: `not JSON (${(e as Error).message.slice(0, 80)})` });
          continue;
        }
        if (!isObj(o)) {
          bad(item.no, 'winjson.bad_line', { reason: 'not a JSON object' });
          continue;
        }
        let p: Parsed | string | null;
        try {
          p = layout.parse(o);
        } catch (e) {
          p = `unexpected: ${(e as Error).message.slice(0, 80)}`;
        }
        if (p === null) continue;
        if (typeof p === 'string') {
          bad(item.no, 'winjson.bad_line', { reason: p });
          continue;
        }
        if (p.classic) classic++;
        yield toEvent(p, layout.id, file, item.no);
      }
      if (skipped > MAX_LINE_ISSUES)
        issues.push(issue('winjson.bad_lines_more', { file }, { format: layout.id, count: skipped - MAX_LINE_ISSUES }));
      if (skipped) issues.push(issue('winjson.skipped_lines', { file }, { format: layout.id, skipped, lines }));
      if (classic) issues.push(issue('winjson.classic_text', { file }, { count: classic }, 'info'));
    },
  };
}

/** The readers, in the registry's order. */
export const windowsJsonReaders: SourceReader[] = LAYOUTS.map(reader);

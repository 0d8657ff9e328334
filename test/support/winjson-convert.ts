/**
 * konseki's own converter from .evtx to the JSON forms SOCs keep Windows events in, for the tests
 * that check those forms give the same detections as the .evtx (test/sources/winjson/). It works
 * from the EVTX reader's element tree and its text renderings, not from the JSON readers' code:
 * - evtx-json: `evtx_dump -o jsonl` layout, one record per line (konseki's JSON renderer, which
 *   follows the Rust evtx crate);
 * - winlogbeat: Winlogbeat 8 / Elastic Agent document layout (.corpus/schemas/winlogbeat/README.md):
 *   ECS top level, `winlog.*` System fields, `winlog.event_data` by Data Name with every value as
 *   text, unnamed Data as param1…paramN (as Winlogbeat names them), `winlog.user_data` with
 *   `xml_name`; `@timestamp` in milliseconds, as Beats write it;
 * - splunk: Splunk's JSON export lines (`{"preview":false,"offset":n,"result":{…}}`) of
 *   XmlWinEventLog, the event XML in `_raw` written here as Windows renders it (one line, single
 *   quotes, empty elements as `<X/>`); with `classic`, the classic WinEventLog text rendering
 *   instead (System part and a message, no EventData names).
 * A Data element whose value is an array (classic providers' string arrays) becomes one element per
 * item, as Windows renders array substitutions (and so one paramN each for Winlogbeat).
 * Events stay in record order, and event_data keys in document order (Winlogbeat's Go maps would
 * sort them; only the order of a fallback Details column depends on it).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { readEvtx } from '../../src/sources/evtx/index.ts';
import { recordJson } from '../../src/sources/evtx/render-json.ts';
import { isElement, type RElement } from '../../src/sources/evtx/model.ts';
import { hasText, joinText, singleValue, textOf } from '../../src/sources/evtx/text.ts';

export type JsonForm = 'evtx-json' | 'winlogbeat' | 'splunk' | 'splunk-classic';

type Obj = Record<string, unknown>;
const LEVEL_NAMES: Record<number, string> = {
  0: 'information',
  1: 'critical',
  2: 'error',
  3: 'warning',
  4: 'information',
  5: 'verbose',
};

const child = (el: RElement, name: string): RElement | undefined =>
  el.children.find((c): c is RElement => isElement(c) && c.name === name);
const text = (el: RElement | undefined): string | undefined =>
  el && hasText(el.children) ? joinText(el.children) : undefined;
const attr = (el: RElement | undefined, name: string): string | undefined => {
  const a = el?.attrs.find((x) => x.name === name);
  return a && hasText(a.value) ? joinText(a.value) : undefined;
};
const num = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);

function put(o: Obj, path: string, v: unknown): void {
  if (v === undefined) return;
  const parts = path.split('.');
  let t = o;
  for (const p of parts.slice(0, -1)) t = (t[p] ??= {}) as Obj;
  t[parts[parts.length - 1]!] = v;
}

function leafTexts(el: RElement, out: Obj, depth = 0): void {
  if (depth > 16) return;
  const kids = el.children.filter(isElement);
  if (!kids.length) {
    if (!(el.name in out)) out[el.name] = joinText(el.children);
    return;
  }
  for (const c of kids) leafTexts(c, out, depth + 1);
}

/** One record as a Winlogbeat document. */
export function winlogbeatDoc(root: RElement): Obj {
  const sys = child(root, 'System')!;
  const d: Obj = {};
  const time = attr(child(sys, 'TimeCreated'), 'SystemTime');
  if (time) put(d, '@timestamp', `${time.slice(0, 23)}Z`);
  put(d, 'ecs.version', '8.0.0');
  const eventId = text(child(sys, 'EventID'));
  put(d, 'event.code', eventId);
  put(d, 'event.kind', 'event');
  put(d, 'event.provider', attr(child(sys, 'Provider'), 'Name'));
  put(d, 'host.name', text(child(sys, 'Computer'))?.toLowerCase());
  // Winlogbeat's log.level is the rendered level name: Level 0 (LogAlways) renders as Information too
  put(d, 'log.level', LEVEL_NAMES[num(text(child(sys, 'Level'))) ?? 4] ?? 'information');
  put(d, 'winlog.api', 'wineventlog');
  put(d, 'winlog.channel', text(child(sys, 'Channel')));
  put(d, 'winlog.computer_name', text(child(sys, 'Computer')));
  put(d, 'winlog.event_id', eventId);
  put(d, 'winlog.record_id', text(child(sys, 'EventRecordID')));
  put(d, 'winlog.provider_name', attr(child(sys, 'Provider'), 'Name'));
  put(d, 'winlog.provider_guid', attr(child(sys, 'Provider'), 'Guid'));
  put(d, 'winlog.version', num(text(child(sys, 'Version'))));
  put(d, 'winlog.task', 'Logon');
  put(d, 'winlog.opcode', 'Info');
  put(d, 'winlog.keywords', ['Audit Success']);
  put(d, 'winlog.process.pid', num(attr(child(sys, 'Execution'), 'ProcessID')));
  put(d, 'winlog.process.thread.id', num(attr(child(sys, 'Execution'), 'ThreadID')));
  put(d, 'winlog.user.identifier', attr(child(sys, 'Security'), 'UserID'));
  put(d, 'winlog.activity_id', attr(child(sys, 'Correlation'), 'ActivityID'));
  put(d, 'winlog.related_activity_id', attr(child(sys, 'Correlation'), 'RelatedActivityID'));
  const ed = child(root, 'EventData');
  if (ed) {
    const data: Obj = {};
    let param = 0;
    for (const c of ed.children) {
      if (!isElement(c)) continue;
      if (c.name === 'Data') {
        const name = attr(c, 'Name');
        const items = dataItems(c);
        if (name)
          data[name] = name in data ? [...[data[name]].flat(), ...items] : items.length === 1 ? items[0] : items;
        else for (const v of items) data[`param${++param}`] = v;
      } else leafTexts(c, data);
    }
    if (Object.keys(data).length) put(d, 'winlog.event_data', data);
  }
  const ud = child(root, 'UserData');
  if (ud) {
    const data: Obj = {};
    for (const c of ud.children)
      if (isElement(c)) {
        data.xml_name = c.name;
        leafTexts(c, data);
      }
    put(d, 'winlog.user_data', data);
  }
  return d;
}

/** The texts of a Data element: one per item of an array value, else its text. */
function dataItems(c: RElement): string[] {
  if (c.children.some(isElement)) return [flat(c)];
  const one = singleValue(c.children);
  if (one && one.t >= 0 && Array.isArray(one.v)) return (one.v as unknown[]).map((x) => String(x));
  return [joinText(c.children)];
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' })[c]!);

/** A record as Windows renders its XML (the form Splunk's XmlWinEventLog keeps in _raw). */
export function windowsXml(el: RElement): string {
  const attrs = el.attrs
    .filter((a) => el.name !== 'Event' || a.name !== 'xmlns')
    .map((a) => ` ${a.name}='${escapeXml(a.value.map(textOf).join(''))}'`)
    .join('');
  const ns = el.name === 'Event' ? " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'" : '';
  if (el.name === 'Data' && !el.children.some(isElement)) {
    const items = dataItems(el);
    if (items.length !== 1) return items.map((v) => `<Data${attrs}>${escapeXml(v)}</Data>`).join('');
  }
  let body = '';
  for (const c of el.children) body += isElement(c) ? windowsXml(c) : escapeXml(textOf(c));
  return body ? `<${el.name}${ns}${attrs}>${body}</${el.name}>` : `<${el.name}${ns}${attrs}/>`;
}

function flat(el: RElement): string {
  let s = '';
  for (const c of el.children) s += isElement(c) ? flat(c) : joinText([c]);
  return s;
}

/** The classic WinEventLog text of a record (Splunk without renderXml). */
function classicText(root: RElement): string {
  const sys = child(root, 'System')!;
  const lines = [
    `LogName=${text(child(sys, 'Channel')) ?? ''}`,
    `EventCode=${text(child(sys, 'EventID')) ?? ''}`,
    'EventType=0',
    `ComputerName=${text(child(sys, 'Computer')) ?? ''}`,
    `SourceName=${attr(child(sys, 'Provider'), 'Name') ?? ''}`,
    'Type=Information',
    `RecordNumber=${text(child(sys, 'EventRecordID')) ?? ''}`,
    'Message=An event was logged.',
  ];
  return lines.join('\n');
}

function line(root: RElement, form: JsonForm, n: number): string {
  switch (form) {
    case 'evtx-json':
      return recordJson(root);
    case 'winlogbeat':
      return JSON.stringify(winlogbeatDoc(root));
    default: {
      const sys = child(root, 'System')!;
      const channel = text(child(sys, 'Channel')) ?? '';
      const xml = form === 'splunk';
      const time = attr(child(sys, 'TimeCreated'), 'SystemTime') ?? '';
      return JSON.stringify({
        preview: false,
        offset: n,
        result: {
          _raw: xml ? windowsXml(root) : classicText(root),
          _time: time ? `${time.slice(0, 23)}+00:00` : undefined,
          host: text(child(sys, 'Computer')),
          source: `${xml ? 'XmlWinEventLog' : 'WinEventLog'}:${channel}`,
          sourcetype: xml ? 'XmlWinEventLog' : 'WinEventLog',
        },
      });
    }
  }
}

/** Converts one .evtx into `out` in the given form; returns the number of records written. */
export function convertEvtx(evtx: string, out: string, form: JsonForm): number {
  const fd = openSync(out, 'w');
  let n = 0;
  let buf = '';
  try {
    for (const r of readEvtx(evtx, [])) {
      buf += `${line(r.root, form, n)}\n`;
      n++;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return n;
}

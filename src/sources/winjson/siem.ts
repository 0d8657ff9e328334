/**
 * Windows events as SIEMs keep them:
 * - Winlogbeat / Elastic Agent (ECS) documents: the event under `winlog` (channel, computer_name,
 *   event_id, record_id, provider_name/guid, process.pid, process.thread.id, user.identifier,
 *   activity_id, event_data.*, user_data.*), time in `@timestamp`; an Elasticsearch hit's `_source`
 *   and dotted keys ("winlog.channel") too. When `event.original` holds the event XML (Winlogbeat's
 *   include_xml), that is read instead: it has everything.
 * - Splunk's JSON export (`{"preview":…,"result":{…}}` lines, or bare results) of WinEventLog: the
 *   XML of XmlWinEventLog (renderXml) in `_raw` is read whole; the classic text rendering
 *   ("LogName=…\nEventCode=…\nMessage=…") has no EventData names, so only its System part and the
 *   message are kept, and the file gets one notice saying so.
 * Event data values stay text, as these exports hold them (the rule engine and the analyses compare
 * numbers as text); System numbers become numbers again.
 */
import { parseTs, formatTs, type Fields } from '../../core/event.ts';
import { addField, dataKey, setField, textValue, treeFields } from './fields.ts';
import { parseXml } from './xml.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export interface Parsed {
  fields: Fields;
  /** event time (µs) when the fields have no TimeCreated_SystemTime */
  ts?: number;
  /** the classic Splunk text rendering was read (no EventData names) */
  classic?: boolean;
}

/** Dotted keys ("winlog.event_data.User") into nested objects; nested objects are kept as they are. */
export function undot(o: Obj, depth = 0): Obj {
  if (depth > 8) return o;
  let dotted = false;
  for (const k of Object.keys(o))
    if (k.includes('.') && !k.startsWith('.')) {
      dotted = true;
      break;
    }
  if (!dotted) return o;
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    const parts = k.split('.');
    let t = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      if (!isObj(t[p])) t[p] = {};
      t = t[p] as Obj;
    }
    const last = parts[parts.length - 1]!;
    if (isObj(v) && isObj(t[last])) Object.assign(t[last] as Obj, v);
    else t[last] = v;
  }
  return out;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

function xmlFields(xml: string): Parsed | string {
  const root = parseXml(xml);
  if (typeof root === 'string') return `event XML: ${root}`;
  if (root.name !== 'Event') return `event XML: root element is <${root.name}>`;
  return { fields: treeFields(root) };
}

/** A data value from an export (text, or a list of texts) as a field value. */
function dataValue(v: unknown): string | Array<string | number> | undefined {
  if (Array.isArray(v)) return v.map((x) => textValue('', text(x) ?? JSON.stringify(x)));
  if (v === null || v === undefined) return '';
  if (isObj(v)) return undefined;
  const t = text(v) ?? String(v);
  return textValue('', t) as string;
}

/**
 * Providers whose manifests name their data param1, param2, … (measured on the corpus's .evtx).
 * Winlogbeat names unnamed Data param1…paramN too; for other providers a data set made only of
 * param1…paramN is taken as unnamed Data, as the .evtx reader gives it (`Data`).
 */
const NAMED_PARAM_PROVIDERS = new Set([
  'Service Control Manager',
  'Microsoft-Windows-DistributedCOM',
  'Microsoft-Windows-EventSystem',
  'Microsoft-Windows-Complus',
  'Microsoft-Windows-MSDTC 2',
  'Microsoft-Windows-ProcessExitMonitor',
  'Microsoft-Windows-PowerShell',
  'Microsoft-Windows-DNS-Server-Service',
  'Microsoft-Windows-WER-SystemErrorReporting',
  'User32',
]);

/** param1…paramN (beside an EventData Binary), in order: Winlogbeat's names for unnamed Data. */
function unnamedParams(o: Obj): unknown[] | undefined {
  const keys = Object.keys(o).filter((k) => k !== 'Binary');
  if (!keys.length || !keys.every((k, i) => k === `param${i + 1}`)) return undefined;
  return keys.map((k) => o[k]);
}

/** Winlogbeat's log.level (the rendered level name) back to the System Level; "information" is 0 or 4, so left out. */
const LEVELS: Record<string, number> = { critical: 1, error: 2, warning: 3, verbose: 5 };

function dataSection(o: Obj, f: Fields, section: 'EventData' | 'UserData', depth = 0): void {
  if (depth > 16) return;
  for (const [k, v] of Object.entries(o)) {
    if (section === 'UserData' && k === 'xml_name') continue;
    if (isObj(v)) {
      dataSection(v, f, section, depth + 1);
      continue;
    }
    const value = dataValue(v);
    if (value !== undefined) addField(f, dataKey(f, k, section), value);
  }
}

/** A Winlogbeat / Elastic Agent document's fields, or why not. */
export function winlogbeatFields(line: Obj): Parsed | string {
  const doc = undot(isObj(line._source) ? line._source : line);
  const w = isObj(doc.winlog) ? undot(doc.winlog) : undefined;
  if (!w) return 'no winlog object';
  const original = isObj(doc.event) ? (doc.event as Obj).original : undefined;
  if (typeof original === 'string' && /^\s*(?:<\?xml[^>]*>\s*)?<Event[\s>]/.test(original)) return xmlFields(original);
  const ev = isObj(doc.event) ? (doc.event as Obj) : {};
  const host = isObj(doc.host) ? (doc.host as Obj) : {};
  const proc = isObj(w.process) ? (w.process as Obj) : {};
  const thread = isObj(proc.thread) ? (proc.thread as Obj) : {};
  const user = isObj(w.user) ? (w.user as Obj) : {};
  const f: Fields = {};
  const sys = (name: string, v: unknown): void => {
    const t = text(v);
    if (t !== undefined && t !== '') setField(f, name, textValue(name, t));
  };
  sys('Provider_Name', w.provider_name ?? ev.provider);
  sys('Provider_Guid', w.provider_guid);
  sys('EventID', w.event_id ?? ev.code);
  sys('Version', w.version);
  for (const [name, v] of [
    ['Task', w.task],
    ['Opcode', w.opcode],
  ] as const)
    if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) sys(name, v);
  const timestamp = text(w.time_created) ?? text(doc['@timestamp']);
  const ts = timestamp ? parseTs(timestamp) : NaN;
  if (Number.isFinite(ts)) setField(f, 'TimeCreated_SystemTime', formatTs(ts));
  sys('EventRecordID', w.record_id);
  sys('Correlation_ActivityID', w.activity_id);
  sys('Correlation_RelatedActivityID', w.related_activity_id);
  sys('Execution_ProcessID', proc.pid);
  sys('Execution_ThreadID', thread.id);
  sys('Channel', w.channel);
  sys('Computer', w.computer_name ?? host.hostname ?? host.name);
  sys('Security_UserID', user.identifier);
  const level = isObj(doc.log) ? text((doc.log as Obj).level)?.toLowerCase() : undefined;
  if (level && LEVELS[level] !== undefined) setField(f, 'Level', LEVELS[level]);
  if (isObj(w.event_data)) {
    const params = NAMED_PARAM_PROVIDERS.has(String(f.Provider_Name ?? '')) ? undefined : unnamedParams(w.event_data);
    if (params) {
      // the .evtx reader adds the unnamed Data after the other EventData elements
      if ('Binary' in w.event_data) dataSection({ Binary: w.event_data.Binary }, f, 'EventData');
      const values = params.flatMap((v) => dataValue(v)) as Array<string | number>;
      addField(f, 'Data', values.length === 1 ? values[0]! : values);
    } else dataSection(w.event_data, f, 'EventData');
  }
  if (isObj(w.user_data)) dataSection(w.user_data, f, 'UserData');
  if (f.EventID === undefined) return 'no event id (winlog.event_id / event.code)';
  return { fields: f, ts };
}

const CLASSIC_SYSTEM: Record<string, string> = {
  LogName: 'Channel',
  EventCode: 'EventID',
  ComputerName: 'Computer',
  SourceName: 'Provider_Name',
  RecordNumber: 'EventRecordID',
  Sid: 'Security_UserID',
};

/** Splunk's classic WinEventLog text: `Key=Value` lines up to `Message=`, then the message. */
function classicFields(raw: string, result: Obj): Parsed | string {
  const f: Fields = {};
  const lines = raw.split(/\r?\n/);
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(lines[i]!);
    if (!m) continue;
    if (m[1] === 'Message') break;
    const name = CLASSIC_SYSTEM[m[1]!];
    if (name && m[2]) setField(f, name, textValue(name, m[2].trim()));
  }
  if (f.EventID === undefined) return 'neither event XML nor WinEventLog text in _raw';
  const message = [lines[i]?.replace(/^Message=/, '') ?? '', ...lines.slice(i + 1)].join('\n').trim();
  if (message) setField(f, 'RenderingInfo_Message', message);
  const time = text(result._time);
  return { fields: f, ts: time ? parseTs(time) : NaN, classic: true };
}

/** One Splunk export line: the result's fields, null for lines that carry no result, or why not. */
export function splunkFields(line: Obj): Parsed | string | null {
  const result = isObj(line.result) ? line.result : '_raw' in line ? line : undefined;
  if (!result) return 'preview' in line || 'messages' in line || 'lastrow' in line ? null : 'no result';
  const raw = text(result._raw);
  if (!raw) return 'no _raw in the result';
  if (/^\s*(?:<\?xml[^>]*>\s*)?<Event[\s>]/.test(raw)) {
    const p = xmlFields(raw);
    if (typeof p !== 'string' && p.fields.TimeCreated_SystemTime === undefined) {
      const time = text(result._time);
      p.ts = time ? parseTs(time) : NaN;
    }
    return p;
  }
  return classicFields(raw, result);
}

/** Does a parsed line look like one of these exports? (for sniffing) */
export const looksLikeWinlogbeat = (o: Obj): boolean => {
  const d = isObj(o._source) ? o._source : o;
  const w = isObj(d.winlog) ? d.winlog : undefined;
  if (w) return 'channel' in w || 'event_id' in w || 'provider_name' in w || 'event_data' in w;
  return Object.keys(d).some((k) => k.startsWith('winlog.'));
};

export const looksLikeSplunk = (o: Obj): boolean => {
  const r = isObj(o.result) ? o.result : o;
  const st = `${text(r.sourcetype) ?? ''} ${text(r.source) ?? ''}`;
  return (
    typeof r._raw === 'string' &&
    (/WinEventLog/i.test(st) || /^\s*(?:<\?xml[^>]*>\s*)?<Event[\s>]/.test(r._raw as string))
  );
};

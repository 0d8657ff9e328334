/**
 * The Windows JSON readers on hand-made lines: each layout's fields, sniffing, and bad input (broken
 * JSON, lines that are not events, overlong lines, hostile XML) counted, reported with file and line,
 * and skipped without stopping the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Event } from '../../core/event.ts';
import type { Issue } from '../../core/issue.ts';
import { SYSTEM_FIELD as EVTX_SYSTEM_FIELD } from '../evtx/fields.ts';
import { SYSTEM_FIELD } from './fields.ts';
import { windowsJsonReaders } from './index.ts';
import { MAX_LINE } from './lines.ts';
import { parseXml } from './xml.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-winjson-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const reader = (id: string) => windowsJsonReaders.find((r) => r.id === id)!;

async function read(id: string, lines: string[] | Buffer): Promise<{ events: Event[]; issues: Issue[] }> {
  const file = join(dir, `${id}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, Buffer.isBuffer(lines) ? lines : `${lines.join('\n')}\n`);
  const issues: Issue[] = [];
  const events: Event[] = [];
  for await (const e of reader(id).read(file, { issues, displayPath: file })) events.push(e);
  return { events, issues };
}

const XML_4624 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4624</EventID><Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-05-01T12:30:15.2500017Z'/><EventRecordID>1234</EventRecordID><Correlation/><Execution ProcessID='636' ThreadID='4120'/><Channel>Security</Channel><Computer>WS01.corp.example</Computer><Security/></System><EventData><Data Name='TargetUserName'>taro &amp; hanako</Data><Data Name='LogonType'>3</Data><Data Name='IpAddress'>10.0.0.5</Data><Data Name='IpPort'>0</Data><Data Name='WorkstationName'>-</Data><Data Name='Channel'>not the system one</Data></EventData></Event>`;

describe('Windows JSON readers', () => {
  it('keep the System field pattern of the EVTX reader', () => {
    expect(SYSTEM_FIELD.source).toBe(EVTX_SYSTEM_FIELD.source);
  });

  it('evtx-json: System, EventData by name, repeated names, unnamed Data, UserData leaves', async () => {
    const line = JSON.stringify({
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': { Name: 'Test', Guid: '{0}' } },
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 },
          TimeCreated: { '#attributes': { SystemTime: '2024-05-01T12:30:15.250001Z' } },
          EventRecordID: 9,
          Channel: 'System',
          Computer: 'PC1',
          Security: null,
        },
        EventData: { ServiceName: 'svc', ImagePath: 'C:\\x.exe', Group: 'a', Group_1: 'b', Empty: null },
      },
    });
    const { events, issues } = await read('evtx-json', [line]);
    expect(issues).toEqual([]);
    expect(events[0]!.fields).toEqual({
      Provider_Name: 'Test',
      Provider_Guid: '{0}',
      EventID: 7045,
      EventID_Qualifiers: 16384,
      TimeCreated_SystemTime: '2024-05-01T12:30:15.250001Z',
      EventRecordID: 9,
      Channel: 'System',
      Computer: 'PC1',
      ServiceName: 'svc',
      ImagePath: 'C:\\x.exe',
      Group: ['a', 'b'],
      Empty: '',
    });
    expect(events[0]!.ts).toBe(Date.UTC(2024, 4, 1, 12, 30, 15) * 1000 + 250_001);
    expect(events[0]!.source).toMatchObject({ format: 'evtx-json', line: 1, record: 9 });
    expect(events[0]!.host).toBe('PC1');
  });

  it('splunk: XmlWinEventLog in _raw read whole; a data field named Channel kept apart; 7-digit times cut', async () => {
    const { events, issues } = await read('splunk-wineventlog', [
      JSON.stringify({ preview: false, offset: 0, result: { _raw: XML_4624, sourcetype: 'XmlWinEventLog' } }),
      JSON.stringify({ preview: false, lastrow: true }),
    ]);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
    const f = events[0]!.fields;
    expect(f).toMatchObject({
      EventID: 4624,
      Level: 0,
      Task: 12544,
      Keywords: '0x8020000000000000',
      TimeCreated_SystemTime: '2024-05-01T12:30:15.250001Z',
      EventRecordID: 1234,
      Execution_ProcessID: 636,
      Channel: 'Security',
      EventData_Channel: 'not the system one',
      TargetUserName: 'taro & hanako',
      LogonType: 3,
      IpPort: 0,
      WorkstationName: '-',
    });
  });

  it('splunk: the classic text rendering keeps the System part and says what is missing', async () => {
    const raw =
      'LogName=Security\nEventCode=4625\nComputerName=WS01\nRecordNumber=77\nMessage=An account failed to log on.\n\nSubject:';
    const { events, issues } = await read('splunk-wineventlog', [
      JSON.stringify({ result: { _raw: raw, _time: '2024-05-01T12:30:15.000+09:00', sourcetype: 'WinEventLog' } }),
    ]);
    expect(events[0]!.fields).toEqual({
      Channel: 'Security',
      EventID: 4625,
      Computer: 'WS01',
      EventRecordID: 77,
      RenderingInfo_Message: 'An account failed to log on.\n\nSubject:',
    });
    expect(events[0]!.ts).toBe(Date.UTC(2024, 4, 1, 3, 30, 15) * 1000);
    expect(issues.map((i) => i.code)).toEqual(['winjson.classic_text']);
  });

  it('winlogbeat: winlog.* System fields, event_data as the reader values, ES hits and dotted keys', async () => {
    const doc = {
      '@timestamp': '2024-05-01T12:30:15.250Z',
      event: { code: '4624', provider: 'Microsoft-Windows-Security-Auditing' },
      winlog: {
        channel: 'Security',
        computer_name: 'WS01',
        event_id: 4624,
        record_id: '1234',
        provider_name: 'Microsoft-Windows-Security-Auditing',
        process: { pid: 636, thread: { id: 4120 } },
        task: 'Logon',
        keywords: ['Audit Success'],
        event_data: { TargetUserName: 'taro', LogonType: '3', IpAddress: '10.0.0.5' },
      },
    };
    const dotted = {
      '@timestamp': '2024-05-01T12:30:15.250Z',
      'winlog.channel': 'Security',
      'winlog.event_id': '4624',
      'winlog.computer_name': 'WS01',
      'winlog.event_data.TargetUserName': 'taro',
    };
    const { events, issues } = await read('winlogbeat', [
      JSON.stringify(doc),
      JSON.stringify({ _index: 'winlogbeat-8', _id: 'x', _source: doc }),
      JSON.stringify(dotted),
    ]);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(3);
    expect(events[0]!.fields).toEqual({
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      EventID: 4624,
      TimeCreated_SystemTime: '2024-05-01T12:30:15.250000Z',
      EventRecordID: 1234,
      Execution_ProcessID: 636,
      Execution_ThreadID: 4120,
      Channel: 'Security',
      Computer: 'WS01',
      TargetUserName: 'taro',
      LogonType: 3,
      IpAddress: '10.0.0.5',
    });
    expect(events[1]!.fields).toEqual(events[0]!.fields);
    expect(events[2]!.fields).toMatchObject({ EventID: 4624, Channel: 'Security', TargetUserName: 'taro' });
  });

  it('winlogbeat: event.original XML (include_xml) is preferred', async () => {
    const { events } = await read('winlogbeat', [
      JSON.stringify({ winlog: { channel: 'Security', event_id: '1' }, event: { original: XML_4624 } }),
    ]);
    expect(events[0]!.fields.EventID).toBe(4624);
    expect(events[0]!.fields.TargetUserName).toBe('taro & hanako');
  });

  it('sniff their own layout and leave the others', () => {
    const samples: Record<string, string> = {
      'evtx-json': JSON.stringify({ Event: { System: { EventID: 1 } } }),
      winlogbeat: JSON.stringify({ winlog: { channel: 'Security' } }),
      'splunk-wineventlog': JSON.stringify({ result: { _raw: XML_4624, sourcetype: 'XmlWinEventLog' } }),
    };
    for (const [id, line] of Object.entries(samples))
      for (const r of windowsJsonReaders)
        expect([r.id, id, r.sniff(Buffer.from(`${line}\n${line}\n`), 'x.json') >= 0.9]).toEqual([
          r.id,
          id,
          r.id === id,
        ]);
    expect(reader('winlogbeat').sniff(Buffer.from('{"event_type":"alert","src_ip":"1.2.3.4"}\n'), 'eve.json')).toBe(0);
  });

  it('gzip, broken and overlong lines: counted, reported with their line, the rest read', async () => {
    const good = JSON.stringify({ Event: { System: { EventID: 4688, Channel: 'Security', Computer: 'A' } } });
    const text = [good, '{"Event": {"System"', '[1,2]', '{"Event": "x"}', 'x'.repeat(MAX_LINE + 10), good].join('\n');
    const { events, issues } = await read('evtx-json', gzipSync(Buffer.from(text)));
    expect(events.map((e) => e.source.line)).toEqual([1, 6]);
    const bad = issues.filter((i) => i.code !== 'winjson.skipped_lines');
    expect(bad.map((i) => [i.code, i.at.line])).toEqual([
      ['winjson.bad_line', 2],
      ['winjson.bad_line', 3],
      ['winjson.bad_line', 4],
      ['winjson.overlong', 5],
    ]);
    expect(issues.find((i) => i.code === 'winjson.skipped_lines')!.params).toMatchObject({ skipped: 4, lines: 6 });
  });

  it('hostile XML: no DTD, no unknown entities, bounded depth, never throws', () => {
    expect(parseXml('<!DOCTYPE x [<!ENTITY a "aaaa">]><Event>&a;</Event>')).toBe('DTDs are not read');
    expect(typeof parseXml('<Event>&ent;</Event>')).toBe('string');
    expect(parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toBe('nested too deeply');
    expect(parseXml('<Event><System></Event>')).toMatch(/mismatched/);
    for (const s of ['', '<', '<Event', '<Event a=1>', '<Event>&#x110000;</Event>', '<Event/><Event/>', ']]>'])
      expect(() => parseXml(s)).not.toThrow();
    expect(parseXml("<Event><D a='&lt;&#65;'>x<![CDATA[<y>]]></D></Event>")).toEqual({
      name: 'Event',
      attrs: [],
      children: [{ name: 'D', attrs: [['a', '<A']], children: ['x', '<y>'] }],
    });
  });
});

describe('evtx-json big integers', () => {
  it('keeps every digit of 64-bit values, and nothing inside strings is touched', async () => {
    const { quoteBigIntegers } = await import('./evtx-json.ts');
    const line =
      '{"a":18446744073709551615,"b":"x:18446744073709551615,","c":[12345678901234567,-9],"d":1.5e300,"e":9007199254740991}';
    expect(JSON.parse(quoteBigIntegers(line))).toEqual({
      a: '18446744073709551615',
      b: 'x:18446744073709551615,',
      c: ['12345678901234567', -9],
      d: 1.5e300,
      e: 9007199254740991,
    });
    const { events } = await read('evtx-json', [
      '{"Event":{"System":{"EventID":59,"Channel":"Microsoft-Windows-Bits-Client/Operational"},"EventData":{"fileLength":18446744073709551615}}}',
    ]);
    expect(events[0]!.fields.fileLength).toBe('18446744073709551615');
  });
});

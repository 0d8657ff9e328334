/**
 * Field flattening for rules (Sigma/Hayabusa names), on records written by the writer and read
 * back through the whole reader, plus hand-built trees for what the writer does not make.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFields } from './fields.ts';
import { readEvtx, recordToEvent } from './index.ts';
import type { RElement, RNode } from './model.ts';
import { VT } from './model.ts';
import { buildEvtx, type WriteEvent } from './writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-fields-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: WriteEvent = {
  provider: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  eventId: 4624,
  version: 2,
  level: 0,
  task: 12544,
  opcode: 0,
  keywords: 0x8020000000000000n,
  time: Date.UTC(2024, 4, 1, 12, 30, 15) * 1000 + 250_001,
  channel: 'Security',
  computer: 'WS01.corp.example',
  userSid: 'S-1-5-18',
  processId: 636,
  threadId: 4120,
  qualifiers: 16384,
  activityId: '{B864D168-0B7B-0000-89D1-64B87B0BD201}',
};

function read(events: WriteEvent[]) {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.evtx`);
  writeFileSync(file, buildEvtx(events));
  return [...readEvtx(file, [])].map((r) => ({ fields: recordFields(r.root), event: recordToEvent(r, file) }));
}

describe('EVTX fields', () => {
  it('a data field named like a System field does not turn the System value into a list (event 104)', () => {
    const fields = read([
      {
        ...base,
        provider: 'Microsoft-Windows-Eventlog',
        eventId: 104,
        channel: 'System',
        userData: {
          name: 'LogFileCleared',
          children: [
            { name: 'SubjectUserName', value: 'user01' },
            { name: 'Channel', value: 'Application' },
          ],
        },
      },
    ])[0]!.fields;
    expect(fields.Channel).toBe('System');
    expect(fields.UserData_Channel).toBe('Application');
    expect(fields.SubjectUserName).toBe('user01');
  });

  it('System children by name, their attributes as Element_Attribute', () => {
    const fields = read([{ ...base, eventData: {} }])[0]!.fields;
    expect(fields).toMatchObject({
      EventID: 4624,
      EventID_Qualifiers: 16384,
      Version: 2,
      Level: 0,
      Task: 12544,
      Opcode: 0,
      Keywords: '0x8020000000000000',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      Provider_Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      TimeCreated_SystemTime: '2024-05-01T12:30:15.250001Z',
      EventRecordID: 1,
      Correlation_ActivityID: '{B864D168-0B7B-0000-89D1-64B87B0BD201}',
      Execution_ProcessID: 636,
      Execution_ThreadID: 4120,
      Channel: 'Security',
      Computer: 'WS01.corp.example',
      Security_UserID: 'S-1-5-18',
    });
    expect(fields).not.toHaveProperty('Correlation_RelatedActivityID');
  });

  it('EventData by Name with typed values; big integers as exact text, booleans as text', () => {
    const fields = read([
      {
        ...base,
        eventData: {
          TargetUserName: '管理者',
          LogonType: 3,
          LogonId: { type: 'hex64', value: 0x3e7n },
          Big: { type: 'uint64', value: 2n ** 63n + 5n },
          Elevated: true,
          Blank: '',
        },
      },
    ])[0]!.fields;
    expect(fields).toMatchObject({
      TargetUserName: '管理者',
      LogonType: 3,
      LogonId: '0x3e7',
      Big: '9223372036854775813',
      Elevated: 'true',
      Blank: '',
    });
  });

  it('unnamed Data values gather in Data: one value, or a list of all of them', () => {
    const [one, many] = read([
      { ...base, eventData: [{ value: 'only' }] },
      { ...base, eventData: [{ value: 'a' }, { value: 7 }, { value: 'c' }] },
    ]);
    expect(one!.fields.Data).toBe('only');
    expect(many!.fields.Data).toEqual(['a', 7, 'c']);
  });

  it('UserData leaves by their own element names; a repeated name collects a list', () => {
    const fields = read([
      {
        ...base,
        eventId: 1102,
        userData: {
          name: 'LogFileCleared',
          attrs: { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
          children: [
            { name: 'SubjectUserSid', value: { type: 'sid', value: 'S-1-5-21-1-2-3-500' } },
            {
              name: 'Groups',
              children: [
                { name: 'Group', value: 'Administrators' },
                { name: 'Group', value: 'Users' },
              ],
            },
            { name: 'Note' },
          ],
        },
      },
    ])[0]!.fields;
    expect(fields).toMatchObject({
      SubjectUserSid: 'S-1-5-21-1-2-3-500',
      Group: ['Administrators', 'Users'],
      Note: '',
    });
  });

  it('the event: time from TimeCreated, host from Computer, source with offset and record id', () => {
    const { event } = read([{ ...base, eventData: { A: 'b' } }])[0]!;
    expect(event.ts).toBe(Date.UTC(2024, 4, 1, 12, 30, 15) * 1000 + 250_001);
    expect(event.host).toBe('WS01.corp.example');
    expect(event.source).toMatchObject({ format: 'evtx', record: 1, offset: 4096 + 512 });
    expect(event.logsource).toEqual({ product: 'windows' });
  });

  it('RenderingInfo children become RenderingInfo_<Name>; Data holding elements is their text', () => {
    const s = (v: string): RNode => ({ t: VT.String, v });
    const el = (name: string, children: RNode[] = [], attrs: Record<string, string> = {}): RElement => ({
      name,
      attrs: Object.entries(attrs).map(([n, v]) => ({ name: n, value: [{ t: VT.String, v }] })),
      children,
    });
    const root = el('Event', [
      el('EventData', [el('Data', [el('Inner', [s('x')]), el('Inner', [s('y')])], { Name: 'Nested' })]),
      el('RenderingInfo', [el('Message', [s('An account was logged on.')]), el('Level', [s('Information')])]),
    ]);
    expect(recordFields(root)).toEqual({
      Nested: 'xy',
      RenderingInfo_Message: 'An account was logged on.',
      RenderingInfo_Level: 'Information',
    });
  });
});

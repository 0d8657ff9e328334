/** JSON layout rules of `evtx_dump -o jsonl` (Rust evtx), on hand-built resolved records. */
import { describe, expect, it } from 'vitest';
import { recordJson, recordToJson } from './render-json.ts';
import { RT, type RElement, type RNode, type RText } from './model.ts';
import { VT, type Value } from './model.ts';

const val = (t: number, v: Value['v']): Value => ({ t, v });
const str = (s: string): Value => val(VT.String, s);
const el = (name: string, attrs: Record<string, RText[]> = {}, children: RNode[] = []): RElement => ({
  name,
  attrs: Object.entries(attrs).map(([n, value]) => ({ name: n, value })),
  children,
});
const json = (root: RElement): unknown => JSON.parse(recordJson(root));

describe('EVTX JSON layout', () => {
  it('a text-only element is its value: numbers and booleans typed, the rest text', () => {
    const root = el('Event', {}, [
      el('System', {}, [
        el('EventID', {}, [val(VT.UInt16, 4624)]),
        el('Level', {}, [val(VT.UInt8, 0)]),
        el('Keywords', {}, [val(VT.HexInt64, '0x8020000000000000')]),
        el('Channel', {}, [str('Security')]),
        el('Elevated', {}, [val(VT.Bool, true)]),
      ]),
    ]);
    expect(json(root)).toEqual({
      Event: {
        System: { EventID: 4624, Level: 0, Keywords: '0x8020000000000000', Channel: 'Security', Elevated: true },
      },
    });
  });

  it('empty elements and elements whose values are all null are null', () => {
    expect(json(el('E', {}, [el('A'), el('B', {}, [val(VT.Null, null)])]))).toEqual({ E: { A: null, B: null } });
  });

  it('attributes go under #attributes (null ones left out); text beside attributes under #text', () => {
    const root = el('Event', {}, [
      el('Provider', { Name: [str('Sysmon')], Guid: [val(VT.Null, null)] }),
      el('EventID', { Qualifiers: [val(VT.UInt16, 16384)] }, [val(VT.UInt16, 7036)]),
    ]);
    expect(json(root)).toEqual({
      Event: {
        Provider: { '#attributes': { Name: 'Sysmon' } },
        EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7036 },
      },
    });
  });

  it('repeated element names get _1, _2 in document order', () => {
    const root = el('R', {}, [
      el('X', {}, [str('a')]),
      el('Y', {}, [str('y')]),
      el('X', {}, [str('b')]),
      el('X', {}, [str('c')]),
    ]);
    expect(recordJson(root)).toBe('{"R":{"X":"a","Y":"y","X_1":"b","X_2":"c"}}');
  });

  it('EventData Data elements are keyed by their Name attribute', () => {
    const root = el('Event', {}, [
      el('EventData', {}, [
        el('Data', { Name: [str('TargetUserName')] }, [str('alice')]),
        el('Data', { Name: [str('LogonType')] }, [val(VT.UInt32, 3)]),
        el('Data', { Name: [str('Empty')] }),
      ]),
    ]);
    expect(json(root)).toEqual({ Event: { EventData: { TargetUserName: 'alice', LogonType: 3, Empty: null } } });
  });

  it('unnamed Data: one is Data.#text as a value, several an array without the empty ones', () => {
    const one = el('Event', {}, [el('EventData', {}, [el('Data', {}, [str('only')])])]);
    expect(json(one)).toEqual({ Event: { EventData: { Data: { '#text': 'only' } } } });
    const many = el('Event', {}, [
      el('EventData', {}, [el('Data', {}, [str('a')]), el('Data'), el('Data', {}, [val(VT.UInt32, 2)])]),
    ]);
    expect(json(many)).toEqual({ Event: { EventData: { Data: { '#text': ['a', 2] } } } });
  });

  it('UserData is a container like EventData; its other elements keep their names', () => {
    const root = el('Event', {}, [
      el('UserData', {}, [
        el('LogFileCleared', { xmlns: [str('http://manifests.microsoft.com/win/2004/08/windows/eventlog')] }, [
          el('SubjectUserName', {}, [str('admin')]),
        ]),
      ]),
    ]);
    expect(json(root)).toEqual({
      Event: {
        UserData: {
          LogFileCleared: {
            '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
            SubjectUserName: 'admin',
          },
        },
      },
    });
  });

  it('64-bit integers keep every digit in the JSON text', () => {
    const root = el('E', { Id: [val(VT.UInt64, 0x8000000000000005n)] }, [
      el('V', {}, [val(VT.UInt64, 18446744073709551615n)]),
      el('W', {}, [val(VT.Int64, -9007199254740993n)]),
    ]);
    expect(recordJson(root)).toBe(
      '{"E":{"#attributes":{"Id":9223372036854775813},"V":18446744073709551615,"W":-9007199254740993}}',
    );
    expect(recordToJson(root)).toEqual(JSON.parse(recordJson(root)));
  });

  it('reals are numbers when finite, text otherwise; arrays are JSON arrays', () => {
    const root = el('E', {}, [
      el('R', {}, [val(VT.Real64, 0.5)]),
      el('N', {}, [val(VT.Real64, NaN)]),
      el('A', {}, [val(VT.UInt32 | VT.ArrayFlag, [1, 2])]),
      el('S', {}, [val(VT.String | VT.ArrayFlag, ['x', 'y'])]),
    ]);
    expect(json(root)).toEqual({ E: { R: 0.5, N: 'NaN', A: [1, 2], S: ['x', 'y'] } });
  });

  it('text made of several pieces (values and references) is joined', () => {
    const root = el('E', {}, [
      el('T', {}, [str('a'), { t: RT.EntityRef, v: 'amp' }, str('b'), { t: RT.CharRef, v: 0x41 }]),
    ]);
    expect(json(root)).toEqual({ E: { T: 'a&bA' } });
  });

  it('hostile names neither overwrite keys nor touch prototypes', () => {
    const root = el('E', { a: [str('1')] }, [
      el('#attributes', {}, [str('x')]),
      el('__proto__', {}, [str('p')]),
      el('X_1', {}, [str('lit')]),
      el('X', {}, [str('a')]),
      el('X', {}, [str('b')]),
    ]);
    const out = json(root) as { E: Record<string, unknown> };
    expect(Object.keys(out.E)).toEqual(['#attributes', '#attributes_1', '__proto__', 'X_1', 'X', 'X_2']);
    expect(out.E['#attributes']).toEqual({ a: '1' });
    expect(out.E.X_1).toBe('lit');
    expect(Object.getPrototypeOf(recordToJson(root).E)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('control characters, quotes and lone surrogates are escaped', () => {
    const text = recordJson(el('E', {}, [str('a"b\\c\u0001\ud800')]));
    expect(text).toBe('{"E":"a\\"b\\\\c\\u0001\\ud800"}');
    expect(JSON.parse(text)).toEqual({ E: 'a"b\\c\u0001\ud800' });
  });
});

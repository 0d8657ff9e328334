/**
 * Value decoding (MS-EVEN6 value types): bytes laid out by hand from the format's definitions,
 * expected text as Windows/Event Viewer and the Rust evtx crate print it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChunkContext, type Template } from './binxml.ts';
import { readEvtx, recordFields } from './index.ts';
import { VT, type Value } from './model.ts';
import { StringTable } from './strings.ts';
import { RecordTokens } from './tokens.ts';
import { decodeValue, filetimeToUs, formatFiletime, formatGuid, formatSid, valueText } from './values.ts';
import { buildEvtx } from './writer.ts';

const bytes = (...xs: number[]): Buffer => Buffer.from(xs);
const dec = (t: number, b: Buffer): Value | undefined => decodeValue(t, b, 0, b.length);
const text = (t: number, b: Buffer): string => valueText(dec(t, b)!);

/** {54849625-5478-4994-A5BA-3E3B0328C30D} (Security-Auditing's provider GUID) as Windows stores it. */
const AUDIT_GUID = bytes(
  0x25,
  0x96,
  0x84,
  0x54,
  0x78,
  0x54,
  0x94,
  0x49,
  0xa5,
  0xba,
  0x3e,
  0x3b,
  0x03,
  0x28,
  0xc3,
  0x0d,
);
/** S-1-5-21-1-2-3-500: revision 1, 4 sub-authorities, authority 5 (big-endian, 6 bytes), sub-authorities little-endian. */
const SID = bytes(1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xf4, 0x01, 0, 0);
/** 2018-01-01T00:00:00Z: (1514764800 + 11644473600) s after 1601, in 100 ns ticks: 131592384000000000. */
const FT_2018 = 131592384000000000n;
const le64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};

describe('EVTX value types', () => {
  it('strings: UTF-16LE and ANSI, trailing NULs dropped', () => {
    expect(text(VT.String, Buffer.from('管理者 ok\u0000\u0000', 'utf16le'))).toBe('管理者 ok');
    expect(text(VT.AnsiString, bytes(0x61, 0x62, 0xe9, 0, 0))).toBe('abé');
    expect(text(VT.String, Buffer.alloc(0))).toBe('');
  });

  it('integers of every width and sign, 64-bit beyond 2^53 exact', () => {
    expect(dec(VT.Int8, bytes(0xff))!.v).toBe(-1);
    expect(dec(VT.UInt8, bytes(0xff))!.v).toBe(255);
    expect(dec(VT.Int16, bytes(0x00, 0x80))!.v).toBe(-32768);
    expect(dec(VT.UInt16, bytes(0x00, 0x80))!.v).toBe(32768);
    expect(dec(VT.Int32, bytes(0xfe, 0xff, 0xff, 0xff))!.v).toBe(-2);
    expect(dec(VT.UInt32, bytes(0xfe, 0xff, 0xff, 0xff))!.v).toBe(4294967294);
    expect(dec(VT.Int64, le64(0xffffffffffffffffn))!.v).toBe(-1);
    expect(dec(VT.UInt64, le64(12345n))!.v).toBe(12345);
    expect(dec(VT.UInt64, le64(0x8000000000000005n))!.v).toBe(0x8000000000000005n);
    expect(text(VT.UInt64, le64(0x8000000000000005n))).toBe('9223372036854775813');
  });

  it('reals print as the shortest text that reads back (Rust style)', () => {
    const f = Buffer.alloc(4);
    f.writeFloatLE(0.1);
    expect(text(VT.Real32, f)).toBe('0.1');
    const d = Buffer.alloc(8);
    d.writeDoubleLE(-2.5e-7);
    expect(text(VT.Real64, d)).toBe('-2.5e-7');
  });

  it('bool is any non-zero 32-bit value', () => {
    expect(dec(VT.Bool, bytes(1, 0, 0, 0))!.v).toBe(true);
    expect(dec(VT.Bool, bytes(0, 0, 0, 0))!.v).toBe(false);
    expect(dec(VT.Bool, bytes(2, 0, 0, 0))!.v).toBe(true);
  });

  it('HexInt32/64 and SizeT print as lower-case hex without padding', () => {
    expect(text(VT.HexInt32, bytes(0x6d, 0x00, 0x00, 0xc0))).toBe('0xc000006d');
    expect(text(VT.HexInt64, le64(0x8020000000000000n))).toBe('0x8020000000000000');
    expect(text(VT.HexInt64, le64(0n))).toBe('0x0');
    expect(text(VT.SizeT, bytes(0xe7, 0x03, 0, 0))).toBe('0x3e7');
    expect(text(VT.SizeT, le64(0x7ff712340000n))).toBe('0x7ff712340000');
    expect(dec(VT.SizeT, bytes(1, 2))).toBeUndefined();
  });

  it('GUID: first three groups little-endian, upper case, braces', () => {
    expect(formatGuid(AUDIT_GUID, 0)).toBe('{54849625-5478-4994-A5BA-3E3B0328C30D}');
    expect(text(VT.Guid, AUDIT_GUID)).toBe('{54849625-5478-4994-A5BA-3E3B0328C30D}');
    expect(dec(VT.Guid, AUDIT_GUID.subarray(0, 8))).toBeUndefined();
  });

  it('SID: revision, big-endian authority, little-endian sub-authorities; empty when it does not fit', () => {
    expect(formatSid(SID, 0, SID.length)).toBe('S-1-5-21-1-2-3-500');
    expect(text(VT.Sid, bytes(1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0))).toBe('S-1-5-18');
    expect(text(VT.Sid, SID.subarray(0, 20))).toBe('');
  });

  it('FILETIME: 100 ns ticks since 1601, printed to the microsecond', () => {
    expect(text(VT.FileTime, le64(FT_2018))).toBe('2018-01-01T00:00:00.000000Z');
    expect(text(VT.FileTime, le64(FT_2018 + 1234567n))).toBe('2018-01-01T00:00:00.123456Z');
    expect(text(VT.FileTime, le64(FT_2018 - 10n))).toBe('2017-12-31T23:59:59.999999Z');
    expect(text(VT.FileTime, le64(0n))).toBe('1601-01-01T00:00:00.000000Z');
    const lo = Number(FT_2018 & 0xffffffffn);
    const hi = Number(FT_2018 >> 32n);
    expect(filetimeToUs(lo, hi)).toBe(Date.UTC(2018, 0, 1) * 1000);
    // the largest FILETIME: 18446744073709551615 ticks = 1844674407370.9551615 s after 1601
    expect(formatFiletime(0xffffffff, 0xffffffff)).toBe(
      new Date((1844674407370 - 11644473600) * 1000).toISOString().replace('.000Z', '.955161Z').replace(/^\+0*/, '+'),
    );
  });

  it('SYSTEMTIME: year, month, weekday, day, hour, minute, second, milliseconds', () => {
    const b = Buffer.alloc(16);
    [2019, 4, 6, 27, 21, 4, 25, 733].forEach((v, i) => b.writeUInt16LE(v, i * 2));
    expect(text(VT.SysTime, b)).toBe('2019-04-27T21:04:25.733000Z');
    expect(text(VT.SysTime, Buffer.alloc(16))).toBe('');
  });

  it('binary prints as upper-case hex', () => {
    expect(text(VT.Binary, bytes(0x01, 0xab, 0x00))).toBe('01AB00');
  });

  it('arrays: NUL-separated strings, fixed-size items, SIDs, GUIDs, SizeT', () => {
    expect(dec(VT.String | VT.ArrayFlag, Buffer.from('a\u0000bc\u0000\u0000d\u0000', 'utf16le'))!.v).toEqual([
      'a',
      'bc',
      '',
      'd',
    ]);
    expect(dec(VT.UInt32 | VT.ArrayFlag, bytes(1, 0, 0, 0, 2, 0, 0, 0))!.v).toEqual([1, 2]);
    expect(dec(VT.UInt16 | VT.ArrayFlag, bytes(1, 0, 2, 0, 3))!.v).toEqual([1, 2]); // a trailing partial item is left out
    expect(dec(VT.Sid | VT.ArrayFlag, Buffer.concat([SID, bytes(1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0)]))!.v).toEqual([
      'S-1-5-21-1-2-3-500',
      'S-1-5-18',
    ]);
    expect(dec(VT.Guid | VT.ArrayFlag, Buffer.concat([AUDIT_GUID, AUDIT_GUID]))!.v).toEqual([
      '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    ]);
    expect(dec(VT.SizeT | VT.ArrayFlag, Buffer.concat([le64(1n), le64(0xffn)]))!.v).toEqual(['0x1', '0xff']);
    expect(dec(VT.HexInt64 | VT.ArrayFlag, le64(255n))!.v).toEqual(['0xff']);
    expect(valueText(dec(VT.UInt32 | VT.ArrayFlag, bytes(1, 0, 0, 0, 2, 0, 0, 0))!)).toBe('1,2');
  });

  it('null, unknown types and values past the buffer', () => {
    expect(dec(VT.Null, Buffer.alloc(0))!.v).toBeNull();
    expect(dec(0x55, bytes(1, 2, 3, 4))).toBeUndefined();
    expect(decodeValue(VT.UInt32, bytes(1, 2), 0, 4)).toBeUndefined();
  });
});

describe('nested BinXML values (EventData as a BinXML substitution, as Windows writes Security logs)', () => {
  it('the body arrives as a BinXml value holding its own template instance, and reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-values-'));
    try {
      const file = join(dir, 'nested.evtx');
      const buf = buildEvtx([
        {
          provider: 'Microsoft-Windows-Security-Auditing',
          eventId: 4624,
          time: Date.UTC(2024, 0, 1) * 1000,
          channel: 'Security',
          computer: 'WS01',
          eventData: {
            TargetUserName: 'alice',
            LogonType: 3,
            Sid: { type: 'sid', value: 'S-1-5-18' },
            Guid: { type: 'guid', value: '{54849625-5478-4994-A5BA-3E3B0328C30D}' },
            Stamp: { type: 'filetime', value: Date.UTC(2018, 0, 1) * 1000 },
          },
        },
      ]);
      writeFileSync(file, buf);
      // the raw record: fragment header, then the System template instance whose value 17 is BinXML
      const chunk = buf.subarray(4096, 4096 + 65536);
      const size = chunk.readUInt32LE(512 + 4);
      const ctx = new ChunkContext(chunk, new StringTable());
      const instances: number[][] = [];
      class Spy extends RecordTokens {
        override instance(template: Template, frame: number, count: number, depth: number): void {
          instances.push(Array.from({ length: count }, (_, i) => ctx.frames[frame + i * 3]!));
          super.instance(template, frame, count, depth);
        }
      }
      new Spy().resolve(ctx, 512 + 24, 512 + size - 4, 50_000);
      expect(instances.length).toBe(2);
      expect(instances[0]![17]).toBe(VT.BinXml);
      expect(instances[1]).toEqual([VT.String, VT.UInt32, VT.Sid, VT.Guid, VT.FileTime]);
      const [rec] = [...readEvtx(file, [])];
      expect(recordFields(rec!.root)).toMatchObject({
        TargetUserName: 'alice',
        LogonType: 3,
        Sid: 'S-1-5-18',
        Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
        Stamp: '2018-01-01T00:00:00.000000Z',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

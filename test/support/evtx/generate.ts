/**
 * Deterministic synthetic events for writer, fuzz, memory and bench runs: several computers and
 * providers, EventData with every value type the writer offers, unnamed Data, UserData trees,
 * Japanese and XML-special text. Each event carries the values it was built from, so tests can
 * check what each parser read back.
 */
import type { WriteEvent, WriteValue } from '../../../src/sources/evtx/writer.ts';
import { mulberry32 } from '../../../src/core/rng.ts';

/** mulberry32: small, fast, deterministic. */
export const rng = mulberry32;

const WORDS = [
  'alice',
  'bob',
  'svc_backup',
  'Administrator',
  '管理者',
  'ユーザー',
  'C:\\Windows\\System32\\cmd.exe',
  'powershell -enc SQBFAFgA',
  'a & b < c > d "q" \'s\'',
  '-',
  '',
  'café',
  '東京本社',
  'x'.repeat(300),
];
const COMPUTERS = ['WS01.corp.example', 'DC01.corp.example', 'ファイルサーバ'];

export interface Generated {
  event: WriteEvent;
  data: Array<{ name?: string; value: WriteValue }>;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function guid(r: () => number): string {
  const h = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(r() * 16).toString(16))
      .join('')
      .toUpperCase();
  return `{${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}}`;
}

function value(r: () => number, kind: number): WriteValue {
  switch (kind) {
    case 0:
      return pick(r, WORDS);
    case 1:
      return Math.floor(r() * 0xffffffff);
    case 2:
      return { type: 'uint64', value: BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 31n + BigInt(Math.floor(r() * 1000)) };
    case 3:
      return { type: 'hex64', value: BigInt(Math.floor(r() * 2 ** 40)) };
    case 4:
      return { type: 'hex32', value: Math.floor(r() * 0xffffffff) };
    case 5:
      return {
        type: 'sid',
        value: `S-1-5-21-${Math.floor(r() * 4e9)}-${Math.floor(r() * 4e9)}-${Math.floor(r() * 4e9)}-${1000 + Math.floor(r() * 500)}`,
      };
    case 6:
      return { type: 'guid', value: guid(r) };
    case 7:
      return { type: 'filetime', value: Date.UTC(2024, 0, 1) * 1000 + Math.floor(r() * 365 * 86400e6) };
    case 8:
      return r() < 0.5;
    case 9:
      return {
        type: 'binary',
        value: Uint8Array.from({ length: 1 + Math.floor(r() * 24) }, () => Math.floor(r() * 256)),
      };
    default:
      return { type: 'uint16', value: Math.floor(r() * 65536) };
  }
}

/** `count` events from `seed`; `layouts` distinct EventData layouts (templates). */
export function* generateEvents(count: number, seed = 1, layouts = 12): Generator<Generated> {
  const r = rng(seed);
  const shapes = Array.from({ length: layouts }, (_, i) => {
    const n = 1 + Math.floor(r() * 10);
    return Array.from({ length: n }, (_, j) => ({ name: `Field${i}_${j}`, kind: Math.floor(r() * 11) }));
  });
  let t = Date.UTC(2024, 3, 1, 9, 0, 0) * 1000;
  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * 5_000_000);
    const computer = pick(r, COMPUTERS);
    const base: WriteEvent = {
      provider: i % 7 === 0 ? 'Microsoft-Windows-Sysmon' : 'Microsoft-Windows-Security-Auditing',
      providerGuid: i % 7 === 0 ? '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' : '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      eventId: 4600 + (i % 50),
      level: i % 5,
      task: 12544 + (i % 3),
      opcode: i % 2,
      keywords: 0x8020000000000000n,
      time: t,
      processId: 4 + Math.floor(r() * 9000),
      threadId: 4 + Math.floor(r() * 9000),
      channel: i % 7 === 0 ? 'Microsoft-Windows-Sysmon/Operational' : 'Security',
      computer,
      ...(r() < 0.5 ? { userSid: 'S-1-5-18' } : {}),
      ...(r() < 0.3 ? { activityId: guid(r) } : {}),
      ...(r() < 0.2 ? { qualifiers: 16384 } : {}),
    };
    const kind = i % 23 === 0 ? 'user' : i % 17 === 0 ? 'unnamed' : i % 29 === 0 ? 'none' : 'named';
    if (kind === 'user') {
      const name = pick(r, WORDS.slice(0, 6));
      const sid = value(r, 5);
      yield {
        event: {
          ...base,
          userData: {
            name: 'LogFileCleared',
            attrs: { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
            children: [
              { name: 'SubjectUserSid', value: sid },
              { name: 'SubjectUserName', value: name },
            ],
          },
        },
        data: [
          { name: 'SubjectUserSid', value: sid },
          { name: 'SubjectUserName', value: name },
        ],
      };
    } else if (kind === 'unnamed') {
      const data = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({ value: value(r, 0) }));
      yield { event: { ...base, eventData: data }, data };
    } else if (kind === 'none') {
      yield { event: base, data: [] };
    } else {
      const shape = shapes[Math.floor(r() * shapes.length)]!;
      const data = shape.map((f) => ({ name: f.name, value: value(r, f.kind) }));
      yield { event: { ...base, eventData: data }, data };
    }
  }
}

/**
 * The fast paths of the EVTX reader against its element tree: for every record, the JSON that `dump`
 * writes from tokens (json-tokens.ts) must be byte for byte the JSON of the record's tree (render-json.ts,
 * which the corpus differential checks against the Rust evtx crate), and the event triage reads from
 * tokens (fields-tokens.ts) must equal the event of the tree (fields.ts): same fields, same key order,
 * same time. Inputs: writer-made files with every value type and layout, crafted names that make JSON
 * objects order or number their keys differently, mutated files (damage reaches odd structures), and
 * the whole corpus when present.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/core/event.ts';
import { ByteSink } from '../../../src/sources/evtx/byte-sink.ts';
import { newStats, readEvtxRecords, recordToEvent, tokensToEvent } from '../../../src/sources/evtx/index.ts';
import { JsonRenderer } from '../../../src/sources/evtx/json-tokens.ts';
import { recordJson } from '../../../src/sources/evtx/render-json.ts';
import { recordTree } from '../../../src/sources/evtx/tree.ts';
import { buildEvtx, type WriteElement, type WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { corpusDir } from '../../support/corpus.ts';
import { generateEvents, rng } from '../../support/evtx/generate.ts';
import { mutate } from '../../support/evtx/mutate.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-evtx-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Same event: fields with the same keys in the same order and the same values, and the same prototype
 * shape (a data name `__proto__` reaches the fields object's prototype in both paths alike).
 */
const sameEvent = (a: Event, b: Event): boolean =>
  isDeepStrictEqual({ ...a, fields: Object.entries(a.fields) }, { ...b, fields: Object.entries(b.fields) }) &&
  Object.is(a.ts, b.ts) &&
  isDeepStrictEqual(Object.getPrototypeOf(a.fields), Object.getPrototypeOf(b.fields));

/** Records of `path` whose fast JSON or fast event differ from the tree's; the count of records read. */
function compare(path: string): { records: number; differences: string[] } {
  const json = new JsonRenderer();
  const out = new ByteSink();
  const differences: string[] = [];
  let records = 0;
  for (const rec of readEvtxRecords(path, [], newStats())) {
    records++;
    out.pos = 0;
    json.write(rec, out); // compiled from the record's shape, or from its tokens
    const shaped = out.buf.toString('utf8', 0, out.pos);
    const tree = recordTree(rec.tokens)!;
    out.pos = 0;
    json.writeTokens(rec.tokens, out);
    const fast = out.buf.toString('utf8', 0, out.pos);
    const slow = recordJson(tree);
    if (fast !== slow) differences.push(`${path} record ${rec.recordId}: JSON\n  tokens ${fast}\n  tree   ${slow}`);
    if (shaped !== slow) differences.push(`${path} record ${rec.recordId}: JSON\n  shape  ${shaped}\n  tree   ${slow}`);
    const e = tokensToEvent(rec, path);
    const t = recordToEvent({ ...rec, root: tree }, path);
    if (!sameEvent(e, t))
      differences.push(
        `${path} record ${rec.recordId}: event\n  tokens ${JSON.stringify(e)}\n  tree   ${JSON.stringify(t)}`,
      );
  }
  return { records, differences };
}

function write(name: string, events: WriteEvent[]): string {
  const path = join(dir, name);
  writeFileSync(path, buildEvtx(events));
  return path;
}

const base = (i: number): WriteEvent => ({
  provider: 'Crafted',
  eventId: 1,
  time: Date.UTC(2024, 0, 1) * 1000 + i,
  channel: 'Application',
  computer: 'WS01',
});

describe('EVTX fast paths (tokens) give what the element tree gives', () => {
  it('writer-made files: every value type, many layouts', () => {
    const path = write(
      'generated.evtx',
      [...generateEvents(3000, 21, 60)].map((g) => g.event),
    );
    const r = compare(path);
    expect(r.records).toBe(3000);
    expect(r.differences.slice(0, 3)).toEqual([]);
  });

  it('names that repeat at several depths, collide with #text and _N keys, are array indices or __proto__', () => {
    const el = (name: string, children?: WriteElement[], value?: string): WriteElement => ({ name, children, value });
    const userData = el('U', [
      el('Data', [el('Data', undefined, 'inner'), el('X', undefined, 'x'), el('X', undefined, 'x2')]),
      el('Data', undefined, 'outer'),
      el('X', undefined, '1'),
      el('X_1', undefined, 'taken'),
      el('X', undefined, '2'),
      el('#text', undefined, 'hash'),
      el('__proto__', undefined, 'proto'),
      el('Data', [el('X', undefined, 'deep')]),
    ]);
    const indexNames = el('U', [el('2', undefined, 'b'), el('1', undefined, 'a'), el('Name', undefined, 'n')]);
    const events: WriteEvent[] = [
      { ...base(1), userData },
      { ...base(2), userData: indexNames },
      {
        ...base(3),
        eventData: [
          { name: 'A', value: 'a' },
          { name: 'A', value: 'b' },
          { name: 'A_1', value: 'c' },
        ],
      },
      {
        ...base(4),
        eventData: [
          { name: '0', value: 'zero' },
          { name: 'B', value: 'b' },
        ],
      },
      {
        ...base(5),
        eventData: [
          { name: '#text', value: 't' },
          { name: '__proto__', value: 'p' },
        ],
      },
      { ...base(6), eventData: [{ value: 'one' }, { value: '' }, { value: 'three' }] },
      { ...base(7), eventData: [{ value: 'alone' }] },
      {
        ...base(8),
        eventData: [
          { name: 'EventID', value: 7 },
          { name: 'Channel', value: 'other' },
        ],
      },
      {
        ...base(9),
        eventData: [
          { name: 'Big', value: 2n ** 63n + 5n },
          { name: 'Neg', value: { type: 'int64', value: -(2n ** 62n) } },
        ],
      },
    ];
    const r = compare(write('crafted.evtx', events));
    expect(r.records).toBe(events.length);
    expect(r.differences).toEqual([]);
  });

  it('mutated files: damage that leaves odd structures readable', () => {
    const seeds = [
      buildEvtx([...generateEvents(200, 31, 30)].map((g) => g.event)),
      buildEvtx([...generateEvents(150, 32, 1)].map((g) => g.event)),
    ];
    const r = rng(20250101);
    const path = join(dir, 'mutated.evtx');
    const differences: string[] = [];
    let records = 0;
    for (let i = 0; i < 120; i++) {
      const m = mutate(seeds[i % seeds.length]!, r);
      writeFileSync(path, m.buf);
      const c = compare(path);
      records += c.records;
      for (const d of c.differences) differences.push(`case ${i} (${m.what}): ${d}`);
    }
    expect(records).toBeGreaterThan(5_000);
    expect(differences.slice(0, 3)).toEqual([]);
  });

  const corpus = corpusDir('evtx');
  it.skipIf(!corpus)('every record of the corpus', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.evtx$/i.test(n)) files.push(p);
      }
    };
    walk(corpus!);
    let records = 0;
    const differences: string[] = [];
    for (const f of files) {
      const c = compare(f);
      records += c.records;
      differences.push(...c.differences);
    }
    console.log(`EVTX fast paths: ${records} corpus records from ${files.length} files, ${differences.length} differ`);
    expect(records).toBeGreaterThan(40_000);
    expect(differences.slice(0, 3)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../batch.ts';
import { columnsOf } from '../schema.ts';
import { batchToClickHouse, clickHouseToBatch, parseArrayLiteral } from './tsv.ts';

describe('batches as ClickHouse TabSeparated', () => {
  it('rewrites escapes, booleans, lists and NULLs', () => {
    const cols = [
      ['s', 'VARCHAR'],
      ['j', 'VARCHAR'],
      ['b', 'BOOLEAN'],
      ['l', 'VARCHAR[]'],
      ['n', 'BIGINT'],
    ] as const;
    const w = new BatchWriter(cols, ['j']);
    w.add(['C:\\Windows\ttab\nline', '{"a":"\\n"}', true, ["it's", 'a\\b'], 5]);
    w.add(['\\N', null, false, null, null]);
    const { text, rows } = batchToClickHouse(w.take().toString('utf8'), cols, ['j']);
    expect(rows).toBe(2);
    expect(text.split('\n')).toEqual([
      "C:\\\\Windows\\ttab\\nline\t{\"a\":\"\\\\n\"}\t1\t['it\\'s','a\\\\b']\t5",
      '\\\\N\t\\N\t0\t[]\t\\N',
      '',
    ]);
  });
  it('keeps the columns of every table', () => {
    expect(batchToClickHouse('', columnsOf('events')).rows).toBe(0);
  });
  it('reads ClickHouse output back into the batch it came from', () => {
    const cols = [
      ['s', 'VARCHAR'],
      ['j', 'VARCHAR'],
      ['b', 'BOOLEAN'],
      ['l', 'VARCHAR[]'],
      ['n', 'BIGINT'],
    ] as const;
    const w = new BatchWriter(cols, ['j']);
    w.add(['C:\\Windows\ttab\nline\u0001', '{"a":"\\n"}', true, ["it's", 'a\\b', 'x\ty'], 5]);
    w.add(['\\N', null, false, [], null]);
    w.add(['plain', '[]', null, ['日本語'], -7]);
    const batch = w.take().toString('utf8');
    const ch = batchToClickHouse(batch, cols, ['j']).text;
    const back = clickHouseToBatch(cols, ['j']);
    expect(ch.split('\n').filter(Boolean).map(back).join('\n')).toBe(batch.trimEnd());
    expect(parseArrayLiteral("['it\\'s','a\\\\b','']")).toEqual(["it's", 'a\\b', '']);
  });
});

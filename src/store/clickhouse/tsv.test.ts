import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../batch.ts';
import { columnsOf } from '../schema.ts';
import { batchToClickHouse } from './tsv.ts';

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
      "C:\\\\Windows\\ttab\\nline\t{\"a\":\"\\\\n\"}\t1\t['it\\\\'s','a\\\\\\\\b']\t5",
      '\\\\N\t\\N\t0\t[]\t\\N',
      '',
    ]);
  });
  it('keeps the columns of every table', () => {
    expect(batchToClickHouse('', columnsOf('events')).rows).toBe(0);
  });
});

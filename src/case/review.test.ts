import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../store/duckdb.ts';
import { columnsOf } from '../store/schema.ts';
import {
  detectionKeySql,
  detectionKey,
  falsePositives,
  findingKey,
  readReview,
  REVIEW_FILE,
  setMark,
  writeReview,
} from './review.ts';

describe('review marks', () => {
  it('computes the same detection key in JS and in SQL, nulls and odd values included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-review-'));
    const rows = [
      { ts: 1_791_950_627_262_500, rule_id: 'r-1', host: 'PC1', record_id: 112, file: "/e/a'b.evtx" },
      { ts: 1_791_950_627_000_000, rule_id: 'r-1', host: null, record_id: null, file: '/e/auth.log' },
      { ts: null, rule_id: 'r-2', host: 'ホスト|x', record_id: 7, file: null },
      { ts: 999, rule_id: null, host: '', record_id: 0, file: 'c:\\x\u001fy' },
    ];
    const store = await CaseStore.open(join(dir, 'case.duckdb'), { fresh: true });
    try {
      await store.insert(
        'detections',
        rows.map((r) => columnsOf('detections').map(([c]) => (r as Record<string, unknown>)[c] ?? null)),
      );
      const got = await store.query(
        `SELECT ${detectionKeySql()} AS k, rule_id, host, record_id, file, ts FROM detections`,
      );
      expect(got).toHaveLength(rows.length);
      for (const g of got) {
        const js = detectionKey({
          rule_id: g.rule_id as string | null,
          host: g.host as string | null,
          record_id: g.record_id as string | null,
          file: g.file as string | null,
          ts: g.ts === null ? null : Number(g.ts),
        });
        expect(g.k).toBe(js);
      }
      expect(new Set(got.map((g) => g.k)).size).toBe(rows.length);
    } finally {
      store.close();
    }
  });

  it('keys a timeline row (millisecond time) like its store row (microsecond time)', () => {
    const a = detectionKey({ rule_id: 'r', host: 'H', record_id: 5, file: 'f', ts: 1_000_262_500 });
    const b = detectionKey({ rule_id: 'r', host: 'H', record_id: '5', file: 'f', ts: 1_000_262_000 });
    expect(a).toBe(b);
    expect(detectionKey({ rule_id: 'r', host: 'H', record_id: 5, file: 'f', ts: 1_000_263_000 })).not.toBe(a);
  });

  it('keys findings by kind, host, peer, producer and first time', () => {
    const f = { kind: 'beacon', host: '10.0.0.1', peer: 'x.example', producer: 'beacon', first_seen: 1_000_000 };
    expect(findingKey(f)).toBe(findingKey({ ...f }));
    expect(findingKey({ ...f, peer: 'y.example' })).not.toBe(findingKey(f));
    expect(findingKey({ ...f, first_seen: 1_000_001 })).not.toBe(findingKey(f));
    expect(findingKey(f)).toMatch(/^f-[0-9a-f]{20}$/);
  });

  it('writes, reads back, replaces and clears marks; drops malformed ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-review-'));
    const r = readReview(dir);
    expect(r.marks).toEqual([]);
    const key = findingKey({ kind: 'k', host: 'h', peer: null, producer: 'p', first_seen: 1 });
    setMark(r, { target: 'finding', key, status: 'confirmed', author: 'a' });
    setMark(r, { target: 'finding', key, status: 'false-positive', reason: 'backup job', author: 'b' });
    writeReview(dir, r);
    const back = readReview(dir);
    expect(back.marks).toHaveLength(1);
    expect(back.marks[0]).toMatchObject({ key, status: 'false-positive', reason: 'backup job', author: 'b' });
    expect(falsePositives(back).has(key)).toBe(true);
    setMark(back, { target: 'finding', key, author: 'b' });
    expect(back.marks).toHaveLength(0);

    const raw = JSON.parse(readFileSync(join(dir, REVIEW_FILE), 'utf8'));
    raw.marks.push({ target: 'finding', key: 'not-a-key', status: 'confirmed', ts: '2026-01-01T00:00:00Z' });
    raw.marks.push({ target: 'x', key, status: 'confirmed', ts: '2026-01-01T00:00:00Z' });
    raw.marks.push({ target: 'finding', key, status: 'maybe', ts: '2026-01-01T00:00:00Z' });
    writeFileSync(join(dir, REVIEW_FILE), JSON.stringify(raw));
    expect(readReview(dir).marks).toHaveLength(1);
    writeFileSync(join(dir, REVIEW_FILE), '{broken');
    expect(readReview(dir).marks).toEqual([]);
  });
});

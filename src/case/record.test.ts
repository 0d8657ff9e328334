import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addContainment,
  addNote,
  containmentStatus,
  currentPhase,
  emptyRecord,
  phaseName,
  setPhase,
} from './record.ts';
import { CaseDir } from './case-dir.ts';

const readRecord = (dir: string) => new CaseDir(dir).record();
const writeRecord = (dir: string, r: ReturnType<typeof emptyRecord>) => new CaseDir(dir).writeRecord(r);

describe('incident record', () => {
  it('keeps phase times, notes and containment events, and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-record-'));
    const r = emptyRecord(new Date('2026-11-20T00:00:00Z'));
    setPhase(r, 'A', 'start', new Date('2026-11-20T00:10:00Z'));
    setPhase(r, 'A', 'start', new Date('2026-11-20T00:20:00Z'));
    setPhase(r, 'A', 'done', new Date('2026-11-20T01:00:00Z'));
    setPhase(r, 'C', 'start', new Date('2026-11-20T02:00:00Z'));
    addNote(r, 'C&C 203.0.113.10 をファイアウォールで遮断', 'yamada', 'C', new Date('2026-11-20T02:05:00Z'));
    addContainment(r, 'block-c2-net', 'applied', 'yamada', new Date('2026-11-20T02:06:00Z'));
    addContainment(r, 'block-c2-net', 'rolled-back', 'yamada', new Date('2026-11-20T05:00:00Z'));
    writeRecord(dir, r);
    const back = readRecord(dir);
    expect(back).toEqual(r);
    expect(back.phases.A).toEqual({ started: '2026-11-20T00:10:00.000Z', completed: '2026-11-20T01:00:00.000Z' });
    expect(currentPhase(back)).toBe('C');
    expect(containmentStatus(back).get('block-c2-net')!.status).toBe('rolled-back');
    expect(phaseName('C', 'ja')).toBe('被害拡大の防止や抑制のための初動対応');
  });
  it('drops what is malformed instead of failing on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-record-'));
    writeFileSync(
      join(dir, 'incident-record.json'),
      JSON.stringify({
        created: 'yesterday',
        phases: {
          A: { started: 'not a time', completed: '2026-11-20T01:00:00Z' },
          Z: { started: '2026-11-20T01:00:00Z' },
          B: 'x',
        },
        notes: [
          { ts: '2026-11-20T01:00:00Z', author: 7, text: 'ok', phase: 'Q' },
          { ts: 'bad', text: 'dropped' },
          null,
          { ts: '2026-11-20T01:00:00Z', text: 'x'.repeat(30000) },
        ],
        containment: [
          { ts: '2026-11-20T01:00:00Z', measure: 'block-c2-dns', status: 'applied' },
          { ts: '2026-11-20T01:00:00Z', measure: 'x', status: 'maybe' },
        ],
      }),
    );
    const r = readRecord(dir);
    expect(r.phases.A).toEqual({ completed: '2026-11-20T01:00:00Z' });
    expect(Object.keys(r.phases)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(r.notes.map((n) => [n.text.length, n.author, n.phase])).toEqual([
      [2, '', undefined],
      [20000, '', undefined],
    ]);
    expect(r.containment.map((c) => c.measure)).toEqual(['block-c2-dns']);
    expect(() => JSON.parse(readFileSync(join(dir, 'incident-record.json'), 'utf8'))).not.toThrow();
  });
});

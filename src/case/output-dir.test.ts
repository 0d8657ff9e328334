import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KonsekiError } from '../core/issue.ts';
import { checkOutputDir } from './output-dir.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-out-'));

function refusal(out: string, evidence: string[], force = false): string | undefined {
  try {
    checkOutputDir(out, evidence, { force });
    return undefined;
  } catch (e) {
    if (e instanceof KonsekiError) return e.code;
    throw e;
  }
}

describe('output directory', () => {
  it('is refused when it is the evidence, inside it, or around it, whatever the spelling', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(join(ev, 'windows'), { recursive: true });
    writeFileSync(join(ev, 'windows', 'Security.evtx'), 'x');
    symlinkSync(ev, join(root, 'evid-link'));
    for (const out of [
      ev,
      join(ev, '.'),
      join(ev, 'case'), // does not exist yet
      join(ev, 'windows', 'new', 'deeper'),
      join(root, 'evid-link', 'case'),
      root, // the evidence would be inside the case
    ])
      expect([out, refusal(out, [ev])]).toEqual([out, 'case.out_overlaps']);
    // one evidence file given: a case next to it is fine, the file itself is not
    expect(refusal(join(ev, 'windows', 'Security.evtx'), [join(ev, 'windows', 'Security.evtx')])).toBe(
      'case.out_overlaps',
    );
    expect(refusal(join(ev, 'windows', 'case'), [join(ev, 'windows', 'Security.evtx')])).toBeUndefined();
    // --force does not make an overlap acceptable
    expect(refusal(ev, [ev], true)).toBe('case.out_overlaps');
  });

  it('accepts a new, an empty or an existing case directory; a non-empty other directory needs --force', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    expect(refusal(join(root, 'new', 'case'), [ev])).toBeUndefined();
    mkdirSync(join(root, 'empty'));
    expect(refusal(join(root, 'empty'), [ev])).toBeUndefined();
    mkdirSync(join(root, 'case'));
    writeFileSync(join(root, 'case', 'custody.jsonl'), '');
    writeFileSync(join(root, 'case', 'notes.txt'), 'mine');
    expect(refusal(join(root, 'case'), [ev])).toBeUndefined();
    mkdirSync(join(root, 'home'));
    writeFileSync(join(root, 'home', 'thesis.docx'), 'precious');
    expect(refusal(join(root, 'home'), [ev])).toBe('case.out_not_case');
    expect(refusal(join(root, 'home'), [ev], true)).toBeUndefined();
    writeFileSync(join(root, 'file'), 'x');
    expect(refusal(join(root, 'file'), [ev])).toBe('case.out_not_dir');
  });
});

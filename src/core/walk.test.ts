import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from './issue.ts';
import { walkFiles, walkInputs } from './walk.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-walk-'));
const codes = (issues: Issue[]): string[] => issues.map((i) => `${i.code} ${i.at.file}`).sort();

describe('evidence walker', () => {
  it('lists links leaving the roots and never reads through them (/var/log, /etc/shadow)', () => {
    const d = tmp();
    writeFileSync(join(d, 'auth.log'), 'x\n');
    symlinkSync('/var/log', join(d, 'varlog'));
    symlinkSync('/etc/passwd', join(d, 'passwd'));
    for (const follow of [false, true]) {
      const issues: Issue[] = [];
      expect(walkInputs([d], issues, undefined, { followLinks: follow })).toEqual([join(d, 'auth.log')]);
      expect(codes(issues)).toEqual([
        `walk.link_outside ${join(d, 'passwd')}`,
        `walk.link_outside ${join(d, 'varlog')}`,
      ]);
      expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    }
  });

  it('reads every file once through `ln -s . self`, and ends with two such links', () => {
    const d = tmp();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'a.log'), 'a\n');
    writeFileSync(join(d, 'sub', 'b.log'), 'b\n');
    symlinkSync('.', join(d, 'self'));
    symlinkSync('.', join(d, 'self2'));
    symlinkSync('..', join(d, 'sub', 'up'));
    for (const follow of [false, true]) {
      const issues: Issue[] = [];
      expect(walkInputs([d], issues, undefined, { followLinks: follow })).toEqual([
        join(d, 'a.log'),
        join(d, 'sub', 'b.log'),
      ]);
      const expected = follow ? 'walk.link_duplicate' : 'walk.link_not_followed';
      expect(codes(issues)).toEqual(
        [join(d, 'self'), join(d, 'self2'), join(d, 'sub', 'up')].map((p) => `${expected} ${p}`),
      );
    }
  });

  it('follows links inside the roots only when told to, and lists a file under its own name first', () => {
    const d = tmp();
    const other = tmp();
    mkdirSync(join(other, 'logs'));
    writeFileSync(join(other, 'logs', 'x.log'), 'x\n');
    writeFileSync(join(d, 'z.log'), 'z\n');
    symlinkSync('z.log', join(d, 'a-alias.log'));
    symlinkSync(join(other, 'logs'), join(d, 'linked'));
    const none: Issue[] = [];
    expect(walkInputs([d, other], none)).toEqual([join(d, 'z.log'), join(other, 'logs', 'x.log')]);
    const issues: Issue[] = [];
    // the link into the second root is followed but reaches nothing new; the alias is the same file as z.log
    expect(walkInputs([d, other], issues, undefined, { followLinks: true })).toEqual([
      join(d, 'z.log'),
      join(other, 'logs', 'x.log'),
    ]);
    expect(codes(issues)).toEqual([
      `walk.link_duplicate ${join(d, 'a-alias.log')}`,
      `walk.link_duplicate ${join(d, 'linked')}`,
    ]);
  });

  it('reads hard links and overlapping roots once, keeps identities', () => {
    const d = tmp();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'a.log'), 'a\n');
    linkSync(join(d, 'sub', 'a.log'), join(d, 'hard.log'));
    const issues: Issue[] = [];
    const files = walkFiles([d, join(d, 'sub')], issues);
    expect(files.map((f) => f.path)).toEqual([join(d, 'hard.log')]);
    expect(files[0]!.size).toBe(2);
    expect(codes(issues)).toEqual([`walk.duplicate ${join(d, 'sub', 'a.log')}`]);
  });

  it('lists FIFOs and dangling links without opening them, and stops at the depth limit', () => {
    const d = tmp();
    execFileSync('mkfifo', [join(d, 'pipe')]);
    symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
    let deep = d;
    for (let i = 0; i < 5; i++) mkdirSync((deep = join(deep, `l${i}`)));
    writeFileSync(join(deep, 'deep.log'), 'x\n');
    const issues: Issue[] = [];
    expect(walkInputs([d], issues, undefined, { maxDepth: 3 })).toEqual([]);
    expect(codes(issues)).toEqual([
      `walk.link_dangling ${join(d, 'dangling')}`,
      `walk.not_regular ${join(d, 'pipe')}`,
      `walk.too_deep ${join(d, 'l0', 'l1', 'l2')}`,
    ]);
    expect(walkInputs([d], [], undefined, { maxDepth: 6 })).toEqual([join(deep, 'deep.log')]);
  });

  it('follows a root given as a link (the user named it) and reports a missing root', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.log'), 'a\n');
    const link = join(tmp(), 'evidence');
    symlinkSync(d, link);
    const issues: Issue[] = [];
    expect(walkInputs([link, join(d, 'missing')], issues)).toEqual([join(link, 'a.log')]);
    expect(codes(issues)).toEqual([`walk.unreadable ${join(d, 'missing')}`]);
  });
});

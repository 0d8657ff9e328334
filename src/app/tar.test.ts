import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/issue.ts';
import { archiveKind } from './archives.ts';
import { safeMemberPath, untarFile } from './tar.ts';

const hasPython = spawnSync('python3', ['-c', 'import tarfile'], { stdio: 'ignore' }).status === 0;
const LIMITS = { maxEntries: 1000, maxRatio: 1000 };

/** Builds a tar with Python's tarfile (an independent writer): members as [name, content | {link}]. */
function pyTar(path: string, format: 'gnu' | 'pax' | 'ustar', gz: boolean, script: string): void {
  const py = `
import tarfile, io, sys, time
fmt = {'gnu': tarfile.GNU_FORMAT, 'pax': tarfile.PAX_FORMAT, 'ustar': tarfile.USTAR_FORMAT}[sys.argv[2]]
t = tarfile.open(sys.argv[1], 'w:gz' if sys.argv[3] == '1' else 'w', format=fmt)
def add(name, data, mtime=1700000000, kind=tarfile.REGTYPE, link=''):
    i = tarfile.TarInfo(name); i.size = len(data) if kind == tarfile.REGTYPE else 0; i.mtime = mtime; i.type = kind; i.linkname = link
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
${script}
t.close()
`;
  execFileSync('python3', ['-c', py, path, format, gz ? '1' : '0']);
}

function extract(path: string, gz: boolean, limits = LIMITS, budget = { left: 1 << 30 }) {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-untar-'));
  const issues: Issue[] = [];
  return untarFile(path, 'ev.tar', join(dir, 'x'), issues, budget, limits, gz).then((members) => ({
    members,
    issues,
    dir,
  }));
}

describe('safeMemberPath', () => {
  it('refuses names that leave the target', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/w', 'a\0b', '', '.', 'a/..'])
      expect(safeMemberPath(bad)).toBeUndefined();
    expect(safeMemberPath('./proc/1/status')).toBe('proc/1/status');
    expect(safeMemberPath('a//b')).toBe('a/b');
  });
});

describe.skipIf(!hasPython)('untar (archives written by Python tarfile)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-tar-'));

  it('extracts ustar, GNU and pax members with their times, long names and content', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(150)}.log`;
    for (const fmt of ['gnu', 'pax', 'ustar'] as const) {
      const p = join(dir, `ok-${fmt}.tar.gz`);
      const longAdd = fmt === 'ustar' ? '' : `add(${JSON.stringify(long)}, b'long name')`;
      pyTar(
        p,
        fmt,
        true,
        `add('var/log/auth.log', b'line1\\nline2\\n', 1600000000)\nadd('empty', b'')\n${longAdd}\nadd('var/log/', b'', kind=tarfile.DIRTYPE)`,
      );
      expect(archiveKind(p)).toBe('tgz');
      const r = await extract(p, true);
      expect(r.issues).toEqual([]);
      const byName = new Map(r.members.map((m) => [m.display, m]));
      const auth = byName.get('ev.tar!var/log/auth.log');
      expect(auth && readFileSync(auth.path, 'utf8')).toBe('line1\nline2\n');
      expect(auth?.mtimeUs).toBe(1600000000 * 1e6);
      expect(byName.get('ev.tar!empty') && statSync(byName.get('ev.tar!empty')!.path).size).toBe(0);
      if (fmt !== 'ustar') expect(readFileSync(byName.get(`ev.tar!${long}`)!.path, 'utf8')).toBe('long name');
    }
  });

  it('refuses zip-slip names and never creates links', async () => {
    const p = join(dir, 'slip.tar');
    pyTar(
      p,
      'gnu',
      false,
      `add('../escape', b'x')\nadd('/abs/file', b'x')\nadd('ok/../../up', b'x')\nadd('lnk', b'', kind=tarfile.SYMTYPE, link='/etc/shadow')\nadd('hard', b'', kind=tarfile.LNKTYPE, link='ok')\nadd('fine', b'fine')`,
    );
    expect(archiveKind(p)).toBe('tar');
    const r = await extract(p, false);
    expect(r.members.map((m) => m.display)).toEqual(['ev.tar!fine']);
    expect(r.issues.filter((i) => i.code === 'triage.archive_unsafe_name').map((i) => i.params?.name)).toEqual([
      '../escape',
      '/abs/file',
      'ok/../../up',
    ]);
    expect(r.issues.filter((i) => i.code === 'triage.archive_link_skipped')).toHaveLength(2);
    expect(existsSync(join(r.dir, 'escape'))).toBe(false);
    expect(readdirSync(join(r.dir, 'x'))).toEqual(['fine']);
  });

  it('keeps both copies of a member name that appears twice', async () => {
    const p = join(dir, 'dup.tar');
    pyTar(p, 'gnu', false, `add('a.log', b'first')\nadd('a.log', b'second')`);
    const r = await extract(p, false);
    expect(r.members.map((m) => readFileSync(m.path, 'utf8'))).toEqual(['first', 'second']);
    expect(r.members.map((m) => m.display)).toEqual(['ev.tar!a.log', 'ev.tar!a.log']);
  });

  it('stops a gzip bomb at the ratio limit, at the size budget and at the member count', async () => {
    const bomb = join(dir, 'bomb.tar.gz');
    pyTar(bomb, 'gnu', true, `add('zeros', bytes(8 * 1024 * 1024))`);
    expect(statSync(bomb).size).toBeLessThan(40_000);
    const r = await extract(bomb, true, { maxEntries: 10, maxRatio: 10 });
    expect(r.issues.map((i) => i.code)).toContain('triage.archive_bad');
    expect(String(r.issues[0]?.params?.reason)).toMatch(/gzip ratio/);
    const sized = await extract(bomb, true, LIMITS, { left: 1000 });
    expect(sized.issues.map((i) => i.code)).toEqual(['triage.archive_limit']);
    expect(sized.members).toEqual([]);
    const many = join(dir, 'many.tar');
    pyTar(many, 'gnu', false, `for i in range(30): add('f%d' % i, b'x')`);
    const counted = await extract(many, false, { maxEntries: 20, maxRatio: 1000 });
    expect(counted.members).toHaveLength(20);
    expect(counted.issues.map((i) => i.code)).toEqual(['triage.archive_limit']);
  });

  it('reports truncation and bad checksums with the offset, keeping what came before', async () => {
    const p = join(dir, 'trunc.tar');
    pyTar(p, 'gnu', false, `add('a', b'a' * 600)\nadd('b', b'b' * 5000)`);
    truncateSync(p, 512 + 1024 + 512 + 1000); // header, 600 bytes padded, header, 1000 bytes of b
    const r = await extract(p, false);
    expect(r.members.map((m) => m.display)).toEqual(['ev.tar!a', 'ev.tar!b']);
    expect(statSync(r.members[1]!.path).size).toBe(1000);
    expect(r.issues.map((i) => i.code)).toEqual(['triage.archive_bad']);
    const bad = join(dir, 'badsum.tar');
    pyTar(bad, 'gnu', false, `add('a', b'a')\nadd('b', b'b')`);
    const buf = readFileSync(bad);
    buf[1024 + 10] ^= 0xff; // the second header
    writeFileSync(bad, buf);
    const rb = await extract(bad, false);
    expect(rb.members.map((m) => m.display)).toEqual(['ev.tar!a']);
    expect(rb.issues[0]).toMatchObject({ code: 'triage.archive_bad', at: { offset: 1024 } });
  });

  it('never throws on garbage that looks like gzip', async () => {
    const p = join(dir, 'garbage.tar.gz');
    writeFileSync(p, Buffer.concat([gzipSync(Buffer.alloc(100, 7)).subarray(0, 30), Buffer.alloc(50, 1)]));
    const r = await extract(p, true);
    expect(r.members).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
  });
});

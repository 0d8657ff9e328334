/**
 * lastlog and faillog files (the corpus' and generated ones) against shadow's lastlog and faillog
 * run in a chroot (-R) that holds the file and a passwd: the only way those tools read a file that
 * is not the machine's own. Needs root; skipped otherwise.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  writeFileSync,
  existsSync,
  closeSync,
  openSync,
  fstatSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { detectUidDb, readUidDb, type TallylogRecord } from '../../../src/sources/linux/lastlog.ts';
import { faillogText, lastlogText } from '../../../src/sources/linux/lastlog-text.ts';
import { parsePasswd } from '../../../src/sources/linux/passwd.ts';
import { canChroot, run } from '../../support/linux/tools.ts';
import { faillogFile, lastlogFile, tallylogFile } from '../../support/linux/utmp-writer.ts';

const PASSWD =
  [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'sshd:x:105:65534::/run/sshd:/usr/sbin/nologin',
    'alumno:x:1000:1000::/home/alumno:/bin/bash',
    'usuario:x:1001:1001::/home/u:/bin/bash',
    'a-rather-long-login-name:x:1002:1002::/home/x:/bin/sh',
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    'test:x:1003:1003::/home/test:/bin/bash',
  ].join('\n') + '\n';

function layoutOf(file: string, kind: 'lastlog' | 'faillog' | 'tallylog') {
  const fd = openSync(file, 'r');
  try {
    return detectUidDb(fd, fstatSync(fd).size, kind)!.layout;
  } finally {
    closeSync(fd);
  }
}

function chrootWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'konseki-shadow-'));
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'var/log'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), PASSWD);
  mkdirSync(join(root, 'usr/share/zoneinfo/Asia'), { recursive: true });
  if (existsSync('/usr/share/zoneinfo/Asia/Tokyo'))
    copyFileSync('/usr/share/zoneinfo/Asia/Tokyo', join(root, 'usr/share/zoneinfo/Asia/Tokyo'));
  for (const [name, src] of Object.entries(files)) copyFileSync(src, join(root, 'var/log', name));
  return root;
}

const dir = corpusDir('linux');
const ok = canChroot();
if (!ok)
  console.warn('[konseki tests] not root or shadow lastlog/faillog missing: skipping the lastlog/faillog comparisons');

describe.skipIf(!ok)('lastlog and faillog vs shadow on this machine', () => {
  const gen = mkdtempSync(join(tmpdir(), 'konseki-uiddb-'));
  const ll = join(gen, 'lastlog');
  const fl = join(gen, 'faillog');
  writeFileSync(
    ll,
    lastlogFile(
      [
        { uid: 0, time: 1635542395, line: 'pts/0', host: '192.168.56.103' },
        { uid: 1000, time: 1700000000, line: 'tty1' },
        { uid: 1002, time: 1500000000, line: 'pts/12345678', host: '2001:db8::1' },
        { uid: 1003, time: 1, line: 'x', host: 'h' },
        { uid: 4000, time: 1600000000, line: 'pts/9', host: 'not-in-passwd' },
      ],
      4001,
    ),
  );
  writeFileSync(
    fl,
    faillogFile(
      [
        { uid: 0, count: 3, max: 5, line: 'ssh:notty', time: 1635542395 },
        { uid: 1001, count: 1, max: 0, line: '/dev/tty1', time: 1700000000, locktime: 600 },
        { uid: 1003, count: 0, max: 3, line: '', time: 1600000000 },
      ],
      1100,
    ),
  );
  const cases: [string, Record<string, string>][] = [['generated', { lastlog: ll, faillog: fl }]];
  if (dir) {
    cases.push([
      'aplicada_tp',
      { lastlog: join(dir, 'aplicada_tp/lastlog'), faillog: join(dir, 'aplicada_tp/faillog') },
    ]);
    cases.push([
      'blueserver_ctf2',
      { lastlog: join(dir, 'blueserver_ctf2/lastlog'), faillog: join(dir, 'blueserver_ctf2/faillog') },
    ]);
  }
  const pw = parsePasswd(PASSWD);
  for (const [name, files] of cases) {
    it(`${name}: lastlog and faillog print the same`, () => {
      const root = chrootWith(files);
      for (const tz of ['UTC', 'Asia/Tokyo']) {
        const now = Math.floor(Date.now() / 1000);
        const o = { timeZone: tz, now };
        expect(lastlogText(files.lastlog, layoutOf(files.lastlog, 'lastlog'), pw, o)).toBe(
          run('lastlog', ['-R', root], tz),
        );
        expect(lastlogText(files.lastlog, layoutOf(files.lastlog, 'lastlog'), pw, { ...o, user: 'alumno' })).toBe(
          run('lastlog', ['-R', root, '-u', 'alumno'], tz),
        );
        expect(faillogText(files.faillog, layoutOf(files.faillog, 'faillog'), pw, { ...o, all: true })).toBe(
          run('faillog', ['-R', root, '-a'], tz),
        );
        expect(faillogText(files.faillog, layoutOf(files.faillog, 'faillog'), pw, o)).toBe(
          run('faillog', ['-R', root], tz),
        );
      }
    });
  }
});

describe('tallylog', () => {
  it('reads pam_tally2 records (64 bytes) with counts, hosts and times', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'konseki-tally-')), 'tallylog');
    writeFileSync(
      file,
      tallylogFile(
        [
          { uid: 0, rhost: '203.0.113.5', count: 17, time: 1700000000 },
          { uid: 1001, rhost: '', count: 2, time: 1700000100 },
        ],
        1002,
      ),
    );
    const recs = [...readUidDb(file, { kind: 'tallylog' })] as TallylogRecord[];
    expect(recs.map((r) => [r.uid, r.rhost.toString(), r.count, r.time])).toEqual([
      [0, '203.0.113.5', 17, 1700000000],
      [1001, '', 2, 1700000100],
    ]);
  });
});

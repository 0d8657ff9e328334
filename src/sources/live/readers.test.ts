import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/event.ts';
import type { Issue } from '../../core/issue.ts';
import type { SourceReader } from '../types.ts';
import { authorizedKeysReader, parseAuthorizedKey, preloadReader } from './config.ts';
import { fileListReader } from './files.ts';
import { liveReaders } from './index.ts';
import { manifestReader } from './manifest.ts';
import { originOf } from './origin.ts';
import { linuxProcessReader } from './processes.ts';
import { linuxSocketReader, shortIp } from './sockets.ts';
import { csvRecords } from './windows.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-live-'));
const COLL = 'konseki-collect-web01-20261014T030000Z';

async function read(
  r: SourceReader,
  name: string,
  text: string | Buffer,
): Promise<{ events: Event[]; issues: Issue[] }> {
  const p = join(dir, name.replace(/[/!]/g, '_'));
  writeFileSync(p, text);
  const issues: Issue[] = [];
  const events: Event[] = [];
  for await (const e of r.read(p, { issues, displayPath: name })) events.push(e);
  return { events, issues };
}

describe('live tables', () => {
  it('process table: start times from boot time and ticks, deleted images, parents, the collector and its children', async () => {
    const text = [
      '#konseki-processes v1 host=web01 collected=1790000000 btime=1789990000 clk_tck=100 collector_pid=500',
      'pid\tppid\tuid\tuser\tstate\tstart_ticks\texe\tcwd\texe_sha256\tcomm\tcmdline',
      '1\t0\t0\troot\tS\t100\t/usr/lib/systemd/systemd\t/\t-\tsystemd\t/sbin/init',
      '400\t1\t33\twww-data\tS\t50000\t/dev/shm/.x (deleted)\t/tmp\tabc123\t.x\t/dev/shm/.x -p 4444',
      '500\t1\t0\troot\tS\t90000\t/usr/bin/dash\t/root\t-\tsh\tsh c.sh --out /mnt',
      '501\t500\t0\troot\tR\t90001\t/usr/bin/awk\t/root\t-\tawk\tawk {print}',
      'garbage line',
      '502\t1\t0\troot\tS',
    ].join('\n');
    const { events, issues } = await read(linuxProcessReader, `${COLL}/volatile/processes.tsv`, text);
    expect(events.map((e) => e.fields.ProcessId)).toEqual([1, 400, 500, 501]);
    const x = events[1]!;
    expect(x).toMatchObject({ host: 'web01', ts: (1789990000 + 500) * 1e6 });
    expect(x.fields).toMatchObject({
      Image: '/dev/shm/.x',
      ImageDeleted: true,
      User: 'www-data',
      CurrentDirectory: '/tmp',
      sha256: 'abc123',
      ParentImage: '/usr/lib/systemd/systemd',
      collector: false,
    });
    expect(events.filter((e) => e.fields.collector).map((e) => e.fields.ProcessId)).toEqual([500, 501]);
    expect(events.map((e) => e.logsource.category)).toEqual([
      'process_snapshot',
      'process_snapshot',
      'collector_process',
      'collector_process',
    ]);
    expect(issues.map((i) => [i.code, i.at.line, i.params?.rows])).toEqual([['live.bad_rows', 7, 2]]);
    expect(linuxProcessReader.sniff(Buffer.from(text), 'x')).toBe(1);
    expect(linuxSocketReader.sniff(Buffer.from(text), 'x')).toBe(0);
  });

  it('socket table: IPv6 written in full groups comes out as ipaddr.js writes it, IPv4-mapped as IPv4', async () => {
    for (const full of [
      '0000:0000:0000:0000:0000:0000:0000:0001',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      'fe80:0000:0000:0000:0202:b3ff:fe1e:8329',
      '0000:0000:0000:0000:0000:0000:0000:0000',
      '2001:0db8:0000:0001:0000:0000:0000:0001',
      '2001:0db8:0001:0002:0003:0004:0005:0006',
    ])
      expect(shortIp(full), full).toBe(ipaddr.parse(full).toString());
    expect(shortIp('0000:0000:0000:0000:0000:ffff:c633:6407')).toBe('198.51.100.7');
    const text = [
      '#konseki-sockets v1 host=web01 collected=1790000000',
      'proto\tlocal_addr\tlocal_port\tremote_addr\tremote_port\tstate\tuid\tinode\tpid\tcomm\texe',
      'tcp\t127.0.0.1\t4444\t0.0.0.0\t0\tLISTEN\t0\t123\t400\t.x\t/dev/shm/.x (deleted)',
      'tcp6\t0000:0000:0000:0000:0000:ffff:c633:6407\t51000\t0000:0000:0000:0000:0000:ffff:cb00:7109\t443\tESTABLISHED\t33\t124\t-\t-\t-',
    ].join('\n');
    const { events } = await read(linuxSocketReader, `${COLL}/volatile/sockets.tsv`, text);
    expect(events[0]!.fields).toMatchObject({
      LocalPort: 4444,
      State: 'LISTEN',
      Image: '/dev/shm/.x',
      ImageDeleted: true,
      ProcessId: 400,
    });
    expect(events[0]!.fields.dst_ip).toBeUndefined();
    expect(events[1]!.fields).toMatchObject({
      src_ip: '198.51.100.7',
      dst_ip: '203.0.113.9',
      dst_port: 443,
      ip_version: 6,
    });
    expect(events[1]!.fields.ProcessId).toBeUndefined();
    expect(events[1]!.ts).toBe(1790000000e6);
  });

  it('file listings: set-uid bits, the later of mtime and ctime, names with tabs kept whole', async () => {
    const text = [
      '#konseki-files v1 host=web01 collected=1790000000 list=suid',
      'regular file\t4755\t0\t0\t16\t1780000000\t1789999000\t/dev/shm/.s',
      'regular file\t2755\t0\t42\t100\t1789999500\t1789999000\t/tmp/a\tb',
      'directory\t1777\t0\t0\t4096\t1\t2',
    ].join('\n');
    const { events, issues } = await read(fileListReader, `${COLL}/lists/suid.tsv`, text);
    expect(events.map((e) => [e.fields.TargetFilename, e.fields.Setuid, e.fields.Setgid, e.ts])).toEqual([
      ['/dev/shm/.s', true, false, 1789999000e6],
      ['/tmp/a\tb', false, true, 1789999500e6],
    ]);
    expect(issues.map((i) => i.code)).toEqual(['live.bad_rows']);
  });

  it('a table without its header still reads, and says the host and time are unknown', async () => {
    const { events, issues } = await read(
      linuxSocketReader,
      'sockets.tsv',
      'tcp\t0.0.0.0\t22\t0.0.0.0\t0\tLISTEN\t0\t1\t-\t-\t-\n',
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.host).toBeUndefined();
    expect(issues.map((i) => i.code)).toEqual(['live.no_header']);
  });
});

describe('persistence places', () => {
  it('origin: host, original path and collection time from the bundle path', () => {
    expect(originOf(`case/${COLL}.tar.gz!${COLL}/fs/home/alice/.ssh/authorized_keys`)).toEqual({
      path: '/home/alice/.ssh/authorized_keys',
      host: 'web01',
      collectedUs: Date.UTC(2026, 9, 14, 3) * 1000,
    });
    expect(originOf('/evidence/etc/ld.so.preload')).toEqual({
      path: '/evidence/etc/ld.so.preload',
      collectedUs: Number.NaN,
    });
  });

  it.skipIf(spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error !== undefined)(
    'authorized_keys: options with quoted spaces, fingerprints as ssh-keygen prints them',
    async () => {
      const kd = join(dir, 'keys');
      mkdirSync(kd, { recursive: true });
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mallory@kali', '-f', join(kd, 'k1')]);
      execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'ops', '-f', join(kd, 'k2')]);
      const k1 = execFileSync('cat', [join(kd, 'k1.pub')])
        .toString()
        .trim();
      const k2 = execFileSync('cat', [join(kd, 'k2.pub')])
        .toString()
        .trim();
      const text = `# keys\n${k1}\ncommand="/bin/sh -c 'echo hi'",no-pty,from="10.0.0.1" ${k2}\nnot a key\n`;
      const { events, issues } = await read(authorizedKeysReader, `${COLL}/fs/root/.ssh/authorized_keys`, text);
      const fp = (f: string): string => execFileSync('ssh-keygen', ['-l', '-f', f]).toString().split(' ')[1]!;
      expect(events.map((e) => e.fields.KeyFingerprint)).toEqual([fp(join(kd, 'k1.pub')), fp(join(kd, 'k2.pub'))]);
      expect(events[0]!.fields).toMatchObject({
        User: 'root',
        KeyType: 'ssh-ed25519',
        KeyComment: 'mallory@kali',
        KeyOptions: '',
      });
      expect(events[1]!.fields.KeyOptions).toBe(`command="/bin/sh -c 'echo hi'",no-pty,from="10.0.0.1"`);
      expect(issues.map((i) => i.params?.rows)).toEqual([1]);
      expect(parseAuthorizedKey('ssh-rsa !!!notbase64')).toBeUndefined();
    },
  );

  it('ld.so.preload: one event per library, separated by white space or colons, comments ignored', async () => {
    const { events } = await read(
      preloadReader,
      `${COLL}/fs/etc/ld.so.preload`,
      '/usr/lib/libx.so:/dev/shm/.l.so # c\n\n/lib/y.so\n',
    );
    expect(events.map((e) => e.fields.PreloadLibrary)).toEqual(['/usr/lib/libx.so', '/dev/shm/.l.so', '/lib/y.so']);
    expect(events[0]!.host).toBe('web01');
  });

  it('each collected output is claimed by the reader meant for it', () => {
    const claims = (name: string, head: string): string[] =>
      liveReaders.filter((r) => r.sniff(Buffer.from(head), name) >= 0.5).map((r) => r.id);
    expect(
      claims(`x.tgz!${COLL}/volatile/ps.txt`, '  PID  PPID USER  STARTED\n    1     0 root Mon Dec  7 17:33:57 2026\n'),
    ).toEqual(['live-command-output']);
    expect(
      claims(`${COLL}/fs/etc/systemd/system/evil.service`, '[Unit]\nDescription=x\n[Service]\nExecStart=/tmp/x\n'),
    ).toEqual(['systemd-unit']);
    expect(claims(`${COLL}/fs/etc/passwd`, 'root:x:0:0:root:/root:/bin/bash\n')).toEqual(['passwd']);
    expect(claims(`${COLL}/fs/home/a/.bashrc`, 'alias ll="ls -l"\n')).toEqual(['shell-startup']);
  });
});

describe('Export-Csv records', () => {
  it('quotes, doubled quotes, line breaks inside quotes, BOM and CRLF; an unclosed quote is reported', async () => {
    const p = join(dir, 'x.csv');
    writeFileSync(p, '\ufeff"A","B"\r\n"1","say ""hi"""\r\n"2","two\r\nlines"\r\n"3",""\r\n"4","never closed\r\n');
    const issues: Issue[] = [];
    const rows: string[][] = [];
    for await (const r of csvRecords(p, { issues, displayPath: 'x.csv' })) rows.push(r.cells);
    expect(rows).toEqual([
      ['A', 'B'],
      ['1', 'say "hi"'],
      ['2', 'two\nlines'],
      ['3', ''],
    ]);
    expect(issues.map((i) => [i.code, i.at.line])).toEqual([['live.csv_unclosed', 6]]);
  });
});

describe('collection manifest', () => {
  it('verifies the files beside it and names the changed and missing ones; paths outside are refused', async () => {
    const root = join(dir, 'bundle', COLL);
    mkdirSync(join(root, 'volatile'), { recursive: true });
    writeFileSync(join(root, 'volatile', 'a.txt'), 'a');
    writeFileSync(join(root, 'volatile', 'b.txt'), 'b');
    const sum = (t: string): string => createHash('sha256').update(t).digest('hex');
    const manifest = [
      `${sum('a')}  ./volatile/a.txt`,
      `${sum('original b')}  ./volatile/b.txt`,
      `${sum('c')}  ./volatile/c.txt`,
      `${sum('x')}  ./../../etc/passwd`,
    ].join('\n');
    writeFileSync(join(root, 'manifest.sha256'), `${manifest}\n`);
    const display = `x.tar.gz!${COLL}/manifest.sha256`;
    expect(manifestReader.sniff(Buffer.from(manifest), display)).toBe(1);
    const issues: Issue[] = [];
    const events: Event[] = [];
    for await (const e of manifestReader.read(join(root, 'manifest.sha256'), { issues, displayPath: display }))
      events.push(e);
    expect(events.map((e) => [e.fields.Status, e.fields.TargetFilename ?? e.fields.verified])).toEqual([
      ['changed', './volatile/b.txt'],
      ['missing', './volatile/c.txt'],
      ['summary', 1],
    ]);
    expect(issues.map((i) => i.params?.rows)).toEqual([1]);
  });
});

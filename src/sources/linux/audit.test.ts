import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/event.ts';
import { auditGrouper, parseAuditLine } from './audit.ts';

function run(lines: string[]): Event[] {
  const g = auditGrouper('audit.log');
  const out: Event[] = [];
  lines.forEach((l, i) => {
    const r = parseAuditLine(l, i + 1);
    if (r) out.push(...g.add(r));
  });
  return [...out, ...g.end()];
}

describe('audit records', () => {
  it('decodes hex argv, split arguments, proctitle and acct; keeps registers and (null)', () => {
    const [e] = run(['type=EXECVE msg=audit(1684329817.579:2995): argc=3 a0="perl" a1="-e" a2=7072696E74202268692220']);
    expect(e.fields).toMatchObject({
      type: 'EXECVE',
      argc: '3',
      a0: 'perl',
      a1: '-e',
      a2: 'print "hi" ',
      audit_serial: 2995,
    });
    expect(e.ts).toBe(1684329817579000);
    const [s] = run(['type=EXECVE msg=audit(1.5:7): argc=1 a0_len=10 a0[0]=2F62696E2F a0[1]=7368']);
    expect(s.fields.a0).toBe('/bin/sh');
    const [p] = run(['type=PROCTITLE msg=audit(1.5:8): proctitle=2F62696E2F7368002D630069640A']);
    expect(p.fields.proctitle).toBe('/bin/sh -c id\n');
    const [sys] = run([
      'type=SYSCALL msg=audit(1.5:9): arch=c000003e syscall=59 success=yes exit=0 a0=237f568 a1=ABCD items=2 ppid=1 pid=2 comm="x" exe="/bin/x" key=(null)',
    ]);
    expect(sys.fields).toMatchObject({ a0: '237f568', a1: 'ABCD', key: '(null)', syscall: '59', exe: '/bin/x' });
  });
  it("merges msg='...' of user-space records and the ENRICHED part; normalizes logins", () => {
    const [e] = run([
      'node=web1 type=USER_LOGIN msg=audit(1373330717.000:4068): user pid=12000 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct=28756E6B6E6F776E207573657229 exe="/usr/sbin/sshd" hostname=? addr=173.242.116.187 terminal=ssh res=failed\'\u001dUID="root" AUID="unset"',
    ]);
    expect(e.host).toBe('web1');
    expect(e.logsource).toEqual({ product: 'linux', service: 'auditd' });
    expect(e.fields).toMatchObject({
      type: 'USER_LOGIN',
      pid: '12000',
      op: 'login',
      acct: '(unknown user)',
      exe: '/usr/sbin/sshd',
      addr: '173.242.116.187',
      res: 'failed',
      UID: 'root',
      Action: 'audit_login_failed',
      Outcome: 'failure',
      src_ip: '173.242.116.187',
    });
  });
  it('builds a process_creation event per execve group, with the parent image from an earlier exec', () => {
    const evs = run([
      'type=SYSCALL msg=audit(100.000:1): arch=c000003e syscall=59 success=yes exit=0 a0=1 ppid=1 pid=500 auid=1000 uid=1000 ses=3 tty=pts0 comm="bash" exe="/usr/bin/bash" key="exec"',
      'type=EXECVE msg=audit(100.000:1): argc=1 a0="-bash"',
      'type=EOE msg=audit(100.000:1): ',
      'type=SYSCALL msg=audit(101.000:2): arch=c000003e syscall=59 success=yes exit=0 a0=1 ppid=500 pid=501 auid=1000 uid=0 ses=3 tty=pts0 comm="wget" exe="/usr/bin/wget" key="exec"\u001dUID="root"',
      'type=EXECVE msg=audit(101.000:2): argc=3 a0="wget" a1="-O" a2=2F746D702F782073706163652E7368',
      'type=CWD msg=audit(101.000:2): cwd="/tmp"',
      'type=SYSCALL msg=audit(102.000:3): arch=c000003e syscall=59 success=no exit=-2 a0=1 ppid=500 pid=502 comm="nope" exe="/usr/bin/nope"',
      'type=EXECVE msg=audit(102.000:3): argc=1 a0="nope"',
    ]);
    const pc = evs.filter((e) => e.logsource.category === 'process_creation');
    expect(pc.map((e) => e.fields.Image)).toEqual(['/usr/bin/bash', '/usr/bin/wget']);
    expect(pc[1].fields).toMatchObject({
      CommandLine: 'wget -O /tmp/x space.sh',
      ParentImage: '/usr/bin/bash',
      User: 'root',
      ProcessId: 501,
      ParentProcessId: 500,
      CurrentDirectory: '/tmp',
      LogonId: '3',
    });
    expect(pc[1].logsource).toEqual({ product: 'linux', category: 'process_creation' });
    expect(evs.filter((e) => e.logsource.service === 'auditd').length).toBe(8);
  });
  it('skips lines that are not audit records', () => {
    expect(parseAuditLine('# comment', 1)).toBeUndefined();
    expect(parseAuditLine('type=SYSCALL msg=audit(bad): x=1', 1)).toBeUndefined();
  });
});

/**
 * The Linux collector run for real on this machine, under dash, as root: a process running from a
 * deleted file in /dev/shm, a listener on 127.0.0.1 and a set-uid file in /dev/shm are planted; the
 * bundle must verify (archive hash and manifest), triage must name all three at medium or higher,
 * and nothing outside --out may change (a before/after listing of the places the script reads).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorScript } from '../../src/collect/index.ts';
import { konseki } from '../support/cli.ts';

const dash = ['/usr/bin/dash', '/bin/dash'].find((p) => existsSync(p));
const why =
  process.platform !== 'linux'
    ? 'not Linux'
    : process.getuid?.() !== 0
      ? 'not root (the collector needs root to read every process)'
      : !dash
        ? 'dash is not installed'
        : !existsSync('/dev/shm')
          ? 'no /dev/shm'
          : '';
if (why) console.warn(`test/collect/linux-collector.test.ts skipped: ${why}`);

/** Places the script reads that no other process on a shared test machine writes to during the run. */
const WATCHED = ['/etc', '/var/spool', '/home', '/lib/systemd/system', '/usr/lib/systemd/system', '/root/.ssh'];
const WATCHED_FILES = ['/var/log/wtmp', '/var/log/btmp', '/var/log/lastlog', '/var/log/faillog', '/run/utmp'];

function listing(roots: string[], files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (p: string, depth: number): void => {
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    const link = st.isSymbolicLink() ? readlinkSync(p) : '';
    out.set(p, `${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.isDirectory() ? '-' : st.size} ${st.mtimeMs} ${link}`);
    if (st.isDirectory() && depth < 12 && out.size < 400_000) {
      let names: string[] = [];
      try {
        names = readdirSync(p);
      } catch {
        return;
      }
      for (const n of names) visit(join(p, n), depth + 1);
    }
  };
  for (const r of roots) visit(r, 0);
  for (const f of files) visit(f, 0);
  return out;
}

function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  const d: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) d.push(`${k}: ${v} → ${b.get(k) ?? 'gone'}`);
  for (const k of b.keys()) if (!a.has(k)) d.push(`${k}: new`);
  return d;
}

describe.skipIf(!!why)(`Linux collector on this machine under dash${why ? ` (skipped: ${why})` : ''}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'konseki-collect-test-'));
  const out = join(work, 'out');
  const tag = `konseki-plant-${process.pid}`;
  const planted = join('/dev/shm', `.${tag}`);
  const suid = join('/dev/shm', `.${tag}-suid`);
  const children: ChildProcess[] = [];
  let implantPid = 0;
  let port = 0;
  let findings: Array<{ kind: string; severity: string; summary_en: string; details?: Record<string, unknown> }> = [];
  let before = new Map<string, string>();
  let after = new Map<string, string>();
  let tgz = '';

  beforeAll(async () => {
    // 1. a program running from a file in /dev/shm that is then deleted
    copyFileSync('/bin/sleep', planted);
    chmodSync(planted, 0o755);
    const implant = spawn(planted, ['597'], { stdio: 'ignore', detached: true });
    children.push(implant);
    implantPid = implant.pid ?? 0;
    for (let i = 0; i < 100 && !existsSync(`/proc/${implantPid}/exe`); i++) await new Promise((r) => setTimeout(r, 20));
    unlinkSync(planted);
    // 2. a listener on 127.0.0.1 (a script interpreter holding a port)
    const listener = spawn(
      process.execPath,
      ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(listener);
    port = await new Promise<number>((res) => listener.stdout?.once('data', (d) => res(Number(String(d).trim()))));
    // 3. a set-uid file in a world-writable place
    writeFileSync(suid, '#!/bin/sh\n');
    chmodSync(suid, 0o4755);

    const script = join(work, 'konseki-collect.sh');
    writeFileSync(script, collectorScript('linux', 'test'));
    before = listing(WATCHED, WATCHED_FILES);
    const r = spawnSync(dash!, [script, '--out', out, '--max-file-mb', '1', '--suid-scan', 'writable'], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    after = listing(WATCHED, WATCHED_FILES);
    expect(r.status, r.stderr).toBe(0);
    tgz = r.stdout.trim();
    const t = konseki(['triage', tgz, '-o', join(work, 'case'), '-q']);
    expect(t.code, t.stderr).toBe(0);
    findings = readFileSync(join(work, 'case', 'findings.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }, 300_000);

  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(suid, { force: true });
    rmSync(planted, { force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('writes one .tar.gz named after host and UTC time, with its SHA-256 beside it', () => {
    expect(tgz).toMatch(/konseki-collect-[A-Za-z0-9._-]+-\d{8}T\d{6}Z\.tar\.gz$/);
    expect(readdirSync(out).sort()).toEqual([tgz.replace(/^.*\//, ''), `${tgz.replace(/^.*\//, '')}.sha256`].sort());
    const check = spawnSync('sha256sum', ['-c', `${tgz}.sha256`], { cwd: out, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('has a manifest that verifies every collected file', () => {
    const x = join(work, 'x');
    spawnSync('mkdir', ['-p', x]);
    expect(spawnSync('tar', ['-xzf', tgz, '-C', x]).status).toBe(0);
    const dir = join(x, readdirSync(x)[0]!);
    const check = spawnSync('sha256sum', ['-c', '--quiet', 'manifest.sha256'], { cwd: dir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const listed = readFileSync(join(dir, 'manifest.sha256'), 'utf8').trim().split('\n');
    const files = spawnSync('find', ['.', '-type', 'f', '!', '-name', 'manifest.sha256'], {
      cwd: dir,
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n');
    expect(listed.length).toBe(files.length);
    expect(readFileSync(join(dir, 'collect.log'), 'utf8')).toMatch(/\tstart\t.*\n[\s\S]*\tfinish\t/);
    // the deleted executable was recovered from /proc/PID/exe
    expect(readFileSync(join(dir, 'volatile', 'exe', `${implantPid}.bin`))).toEqual(readFileSync('/bin/sleep'));
  });

  it('names the process running from a deleted file in /dev/shm at medium or higher', () => {
    const f = findings.find((x) => x.kind === 'live-deleted-executable' && x.summary_en.includes(`.${tag}`));
    expect(f, JSON.stringify(findings.map((x) => x.summary_en))).toBeDefined();
    expect(['medium', 'high', 'critical']).toContain(f!.severity);
    expect(f!.summary_en).toContain(`Process ${implantPid} `);
  });

  it('names the listener on 127.0.0.1 at medium or higher', () => {
    const f = findings.find(
      (x) => x.kind === 'live-suspicious-listener' && x.summary_en.includes(`127.0.0.1:${port} `),
    );
    expect(f, JSON.stringify(findings.map((x) => x.summary_en))).toBeDefined();
    expect(['medium', 'high', 'critical']).toContain(f!.severity);
  });

  it('names the set-uid file in /dev/shm', () => {
    const f = findings.find((x) => x.kind === 'live-suid-writable' && x.summary_en.includes(suid));
    expect(f?.severity).toBe('high');
  });

  it('konseki verifies the manifest too: nothing altered', () => {
    expect(findings.filter((f) => f.kind === 'collection-altered')).toEqual([]);
  });

  it('changes nothing outside --out', () => {
    expect(before.size).toBeGreaterThan(100);
    expect(diff(before, after)).toEqual([]);
  });
});

const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((p) => existsSync(p));
const whyBusybox = why && why !== 'dash is not installed' ? why : !busybox ? 'busybox is not installed' : '';
describe.skipIf(!!whyBusybox)(
  `Linux collector under busybox sh${whyBusybox ? ` (skipped: ${whyBusybox})` : ''}`,
  () => {
    it('collects processes and sockets and writes a bundle that verifies', () => {
      const work = mkdtempSync(join(tmpdir(), 'konseki-collect-bb-'));
      try {
        const script = join(work, 'c.sh');
        writeFileSync(script, collectorScript('linux', 'test'));
        const out = join(work, 'out');
        const r = spawnSync(
          busybox!,
          ['sh', script, '--out', out, '--skip-logs', '--suid-scan', 'none', '--keep-dir'],
          {
            encoding: 'utf8',
            timeout: 240_000,
          },
        );
        expect(r.status, r.stderr).toBe(0);
        const tgz = r.stdout.trim();
        expect(spawnSync('sha256sum', ['-c', `${tgz}.sha256`], { cwd: out }).status).toBe(0);
        const dir = tgz.replace(/\.tar\.gz$/, '');
        expect(spawnSync('sha256sum', ['-c', '--quiet', 'manifest.sha256'], { cwd: dir }).status).toBe(0);
        const procs = readFileSync(join(dir, 'volatile', 'processes.tsv'), 'utf8').split('\n');
        expect(procs[0]).toMatch(
          /^#konseki-processes v1 host=\S+ collected=\d+ btime=\d+ clk_tck=\d+ collector_pid=\d+$/,
        );
        // this test's own process is in the table with its executable and command line
        const self = procs.find((l) => l.startsWith(`${process.pid}\t`));
        expect(self?.split('\t')[6]).toBe(readlinkSync('/proc/self/exe'));
        expect(readFileSync(join(dir, 'volatile', 'sockets.tsv'), 'utf8')).toMatch(/^#konseki-sockets v1 /);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
);

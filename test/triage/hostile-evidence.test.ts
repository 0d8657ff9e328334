/**
 * The adversarial probe of issue 12, each failure as a reproduction: evidence an attacker shaped and a
 * tired responder's typing. Every fixture is built here (no corpus).
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/store/duckdb.ts';
import { buildZip } from '../support/archive/zip-writer.ts';
import { BOUND_BY_PERMISSIONS, konseki, konsekiBound } from '../support/cli.ts';
import { eveWithImpossibleTimes, FORGED_LINE, hostileAuthLog, hostileLogons } from '../support/hostile/evidence.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-hostile-'));
const auth = (user: string, n = 1): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `Oct 14 10:00:${String(i % 60).padStart(2, '0')} web01 sshd[${i}]: Failed password for ${user} from 10.0.0.9 port 22 ssh2\n`,
  ).join('');

/** Every file under `dir` with size and mtime: the evidence must look the same after a run. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${p} ${st.size} ${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

async function storeCount(caseDir: string, sql: string): Promise<number> {
  const store = await CaseStore.open(join(caseDir, 'case.duckdb'));
  try {
    return Number((await store.query(sql))[0]!.n);
  } finally {
    store.close();
  }
}

const TRIAGE = ['triage', '--no-builtin-rules', '-t', '1'];

describe('the output directory and the evidence', () => {
  it('refuses `triage evid -o evid` and every other overlap; the evidence (and its .work) stays as it was', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(join(ev, '.work'), { recursive: true });
    writeFileSync(join(ev, '.work', 'notes-of-the-attacker.txt'), 'evidence that happens to be named .work');
    writeFileSync(join(ev, 'auth.log'), auth('root', 5));
    writeFileSync(join(ev, 'report.md'), 'an evidence file named like an output');
    const before = snapshot(ev);
    for (const out of [ev, join(ev, 'case'), root]) {
      const r = konseki([...TRIAGE, ev, '-o', out]);
      expect([out, r.code]).toEqual([out, 2]);
      expect(r.stderr).toContain('overlaps the evidence');
      expect(r.stderr).not.toMatch(/Evidence verified unchanged/);
    }
    expect(snapshot(ev)).toEqual(before);
  });

  it('refuses a non-empty directory that is not a case unless --force, and reuses its own case', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), auth('root', 5));
    const home = join(root, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'thesis.docx'), 'precious');
    const refused = konseki([...TRIAGE, ev, '-o', home]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(readdirSync(home)).toEqual(['thesis.docx']);
    const forced = konseki([...TRIAGE, ev, '-o', home, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(home, 'thesis.docx'), 'utf8')).toBe('precious');
    const again = konseki([...TRIAGE, ev, '-o', home]);
    expect(again.code, again.stderr).toBe(0);
    // no temporary or work files are left next to the outputs
    expect(readdirSync(home).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('links in the evidence', () => {
  it('are listed, not followed out of the evidence, and a loop of `ln -s . self` links reads each file once', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(join(ev, 'sub'), { recursive: true });
    writeFileSync(join(ev, 'auth.log'), auth('root', 3));
    writeFileSync(join(ev, 'sub', 'secure'), auth('admin', 2));
    symlinkSync('/var/log', join(ev, 'varlog'));
    symlinkSync('/etc/passwd', join(ev, 'passwd'));
    symlinkSync('.', join(ev, 'self'));
    symlinkSync('.', join(ev, 'self2'));
    symlinkSync('..', join(ev, 'sub', 'up'));
    for (const follow of [[], ['--follow-links']]) {
      const out = join(root, `case${follow.length}`);
      const r = konseki([...TRIAGE, ev, '-o', out, ...follow]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/varlog: link leaving the evidence to \/var\/log: not followed/);
      expect(r.stderr).toMatch(/passwd: link leaving the evidence to \/etc\/passwd: not followed/);
      expect(r.stderr).toContain('2 links leading out of the evidence were not followed');
      const manifest = JSON.parse(readFileSync(join(out, 'evidence-manifest.json'), 'utf8'));
      expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
        join(ev, 'auth.log'),
        join(ev, 'sub', 'secure'),
      ]);
      expect(await storeCount(out, 'SELECT count(*) AS n FROM events')).toBe(5);
    }
  });
});

describe('one bad input does not end the run', () => {
  it('reads a zip holding `a` and `a/b.log`, a 297-byte member name and two members of one name, each under its name', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    const long = `${'あ'.repeat(99)}.log`;
    writeFileSync(
      join(ev, 'collected.zip'),
      buildZip([
        { name: 'a', data: auth('a') },
        { name: 'a/b.log', data: auth('ab') },
        { name: long, data: auth('long') },
        { name: 'dup.log', data: auth('first') },
        { name: 'dup.log', data: auth('second') },
      ]),
    );
    const out = join(root, 'case');
    const r = konseki([...TRIAGE, ev, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('unexpected error');
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    try {
      const rows = await store.query(`SELECT file, count(*) AS n FROM events GROUP BY file ORDER BY file`);
      const zip = join(ev, 'collected.zip');
      expect(rows.map((x) => [x.file, Number(x.n)])).toEqual(
        [`${zip}!a`, `${zip}!a/b.log`, `${zip}!dup.log`, `${zip}!dup.log (2)`, `${zip}!${long}`]
          .sort()
          .map((f) => [f, 1]),
      );
    } finally {
      store.close();
    }
  });

  it.skipIf(!BOUND_BY_PERMISSIONS)(
    'reports a file it may not read (EACCES) with its name, reads the rest and exits 3',
    () => {
      const root = tmp();
      const ev = join(root, 'evid');
      mkdirSync(ev);
      writeFileSync(join(ev, 'auth.log'), auth('root', 3));
      writeFileSync(join(ev, 'secret.log'), auth('admin', 3));
      chmodSync(join(ev, 'secret.log'), 0o000);
      const out = join(root, 'case');
      // root reads every file whatever its mode: it runs without the capabilities that allow that
      const r = konsekiBound([...TRIAGE, ev, '-o', out]);
      expect(r.stderr).not.toContain('unexpected error');
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/✗ .*secret\.log: cannot read: EACCES/);
      expect(r.stderr).toContain('Not everything could be read: 1 files');
      const manifest = JSON.parse(readFileSync(join(out, 'evidence-manifest.json'), 'utf8'));
      expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([join(ev, 'auth.log')]);
    },
  );

  it('stops a 1 KiB .gz.gz.gz bomb at its ratio across levels, says so, and exits 3', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    const bomb = gzipSync(gzipSync(gzipSync(Buffer.alloc(256 << 20), { level: 9 }), { level: 9 }), { level: 9 });
    expect(bomb.length).toBeLessThan(2048);
    writeFileSync(join(ev, 'logs.tar.gz.gz.gz'), bomb);
    writeFileSync(join(ev, 'auth.log'), auth('root', 2));
    const r = konseki([...TRIAGE, ev, '-o', join(root, 'case')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /✗ .*logs\.tar\.gz\.gz\.gz!.*: extraction stopped: this archive and the archives inside it would unpack to more than \d+ bytes/,
    );
    expect(r.stderr).toMatch(/Inputs: 1 files read \(2 events\)/);
  });
});

describe('the terminal is not the attacker’s', () => {
  it('shows escape sequences and line breaks of log values as text in the triage summary', () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'Security.evtx'), hostileLogons());
    writeFileSync(join(ev, 'auth.log'), hostileAuthLog());
    const r = konseki(['triage', ev, '-o', join(root, 'case'), '-t', '1']);
    expect(r.code, r.stderr).toBe(0);
    // the brute-force findings name the accounts: they are printed, escaped
    expect(r.stderr).toContain(
      'adm\\u{001b}]0;pwned\\u{0007}\\u{001b}[2J\\u{000a}Evidence verified unchanged (999 files',
    );
    expect(r.stderr).toContain('x\\u{001b}]0;pwned\\u{0007}\\u{001b}[2Jy0');
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith(FORGED_LINE.slice(0, 20)))).toEqual([
      'Evidence verified unchanged (2 files, SHA-256).',
    ]);
  });
});

describe('impossible times', () => {
  it('are issues with file and line; the events stay, without time, with their text, out of the analyses', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'eve.json'), eveWithImpossibleTimes());
    const out = join(root, 'case');
    const r = konseki([...TRIAGE, ev, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(ev, 'eve.json');
    expect(r.stderr).toContain(`${file}:2: time after 2199 (9999-12-31T23:59:59.000000+0000)`);
    expect(r.stderr).toContain(`${file}:3: time before 1970 (1969-07-20T20:17:40.000000+0000)`);
    expect(r.stderr).toContain(`${file}:4: time not readable (yesterday at noon)`);
    expect(r.stderr).toContain('! 3 records with an unreadable or impossible time');
    expect(await storeCount(out, 'SELECT count(*) AS n FROM events')).toBe(4);
    expect(await storeCount(out, 'SELECT count(*) AS n FROM events WHERE ts IS NULL')).toBe(3);
    const findings = readFileSync(join(out, 'findings.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ids = findings.filter((f) => f.kind === 'ids-alert');
    expect(ids.map((f) => [f.count, f.first_seen, f.last_seen])).toEqual([
      [1, '2026-10-14T10:00:00.000000Z', '2026-10-14T10:00:00.000000Z'],
    ]);
  });
});

describe('rule directories', () => {
  it('given twice (or as two spellings of one directory) are read once: no doubled detections', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), auth('root', 4));
    const rules = join(root, 'rules');
    mkdirSync(rules);
    writeFileSync(
      join(rules, 'ssh-failed.yml'),
      [
        'title: SSH failed password (test)',
        'id: 0d4c8b5e-5d1f-4a43-9d55-7a6e1b0f0a01',
        'status: test',
        'logsource:',
        '  product: linux',
        '  service: auth',
        'detection:',
        '  sel:',
        "    - 'Failed password'",
        '  condition: sel',
        'level: medium',
        '',
      ].join('\n'),
    );
    symlinkSync(rules, join(root, 'rules-link'));
    const once = join(root, 'once');
    const r1 = konseki([...TRIAGE, ev, '-o', once, '-r', rules]);
    expect(r1.code, r1.stderr).toBe(0);
    const twice = join(root, 'twice');
    const r2 = konseki([...TRIAGE, ev, '-o', twice, '-r', rules, '-r', `${rules}/`, '-r', join(root, 'rules-link')]);
    expect(r2.code, r2.stderr).toBe(0);
    const n1 = await storeCount(once, 'SELECT count(*) AS n FROM detections');
    expect(n1).toBe(4);
    expect(await storeCount(twice, 'SELECT count(*) AS n FROM detections')).toBe(n1);
    expect(existsSync(join(twice, 'timeline.csv'))).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/store/duckdb.ts';
import { corpusDir } from '../support/corpus.ts';
import { konseki } from '../support/cli.ts';

const deepblue = corpusDir('evtx', 'DeepBlueCLI');
const counts = corpusDir('evtx-oracle');

/** Record counts per file from the reference tools' table (not from konseki). */
function referenceCount(rel: string): number {
  const tsv = readFileSync(join(counts!, 'record_counts.tsv'), 'utf8').split('\n');
  const cols = tsv[0]!.split('\t');
  const row = tsv.find((l) => l.startsWith(`${rel}\t`))!.split('\t');
  return Number(row[cols.indexOf('evtx_dump-rs-jsonl_records')]);
}

function snapshot(dir: string): string {
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
  return out.join('\n');
}

describe.skipIf(!deepblue || !counts)('konseki triage on DeepBlueCLI samples', () => {
  it('writes the case files, loads every event, keeps the evidence intact', async () => {
    const evidence = mkdtempSync(join(tmpdir(), 'konseki-ev-'));
    const files = ['new-user-security.evtx', 'password-spray.evtx', 'metasploit-psexec-native-target-system.evtx'];
    for (const f of files) cpSync(join(deepblue!, 'evtx', f), join(evidence, f));
    const before = snapshot(evidence);
    const out = mkdtempSync(join(tmpdir(), 'konseki-case-'));
    const r = konseki(['triage', evidence, '-o', out, '--timezone', 'Asia/Tokyo']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['timeline.csv', 'timeline.jsonl', 'findings.jsonl', 'case.duckdb', 'evidence-manifest.json'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(snapshot(evidence)).toBe(before);

    const manifest = JSON.parse(readFileSync(join(out, 'evidence-manifest.json'), 'utf8'));
    expect(manifest.files).toHaveLength(files.length);
    for (const m of manifest.files) {
      const sum = execFileSync('sha256sum', [m.path], { encoding: 'utf8' }).split(' ')[0];
      expect(m.sha256).toBe(sum);
      expect(m.size).toBe(statSync(m.path).size);
    }

    const expected = files.reduce((s, f) => s + referenceCount(`DeepBlueCLI/evtx/${f}`), 0);
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    try {
      expect(await store.count('events')).toBe(expected);
      const perFile = await store.query(`SELECT file, count(*) AS n FROM events GROUP BY file ORDER BY file`);
      for (const row of perFile) {
        const name = String(row.file).split('/').pop()!;
        expect(Number(row.n)).toBe(referenceCount(`DeepBlueCLI/evtx/${name}`));
      }
      expect(await store.count('evidence')).toBe(files.length);
    } finally {
      store.close();
    }
    const header = readFileSync(join(out, 'timeline.csv'), 'utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n')[0];
    expect(
      header.startsWith('Timestamp,RuleTitle,Level,Computer,Channel,EventID,RecordID,Details,ExtraFieldInfo,RuleID'),
    ).toBe(true);
    expect(r.stderr).toContain(String(expected));
  });

  it('reads the same events from a .zip of the evidence and refuses zip-slip members', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-zip-'));
    const zip = join(dir, 'collected.zip');
    const src = join(deepblue!, 'evtx', 'password-spray.evtx');
    execFileSync('python3', [
      '-c',
      `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], 'host1/Security.evtx')
    z.writestr('../../escape.txt', 'evil')
`,
      zip,
      src,
    ]);
    const out = join(dir, 'case');
    const r = konseki(['triage', zip, '-o', out]);
    // a refused member is a member not read: exit code 3 says so
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
    expect(existsSync(join(tmpdir(), 'escape.txt'))).toBe(false);
    expect(r.stderr).toMatch(/unsafe path/);
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    try {
      const rows = await store.query(`SELECT DISTINCT file FROM events`);
      expect(rows.map((x) => x.file)).toEqual([`${zip}!host1/Security.evtx`]);
      expect(await store.count('events')).toBe(referenceCount('DeepBlueCLI/evtx/password-spray.evtx'));
    } finally {
      store.close();
    }
  });
});

const allEvtx = corpusDir('evtx');
describe.skipIf(!allEvtx)('konseki triage on the whole EVTX corpus', () => {
  it('stores every record the reader yields, damaged files and odd strings included', async () => {
    const { readEvtx } = await import('../../src/sources/evtx/index.ts');
    let expected = 0;
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else for (const _ of readEvtx(p, [])) expected++;
      }
    };
    walk(allEvtx!);
    const out = mkdtempSync(join(tmpdir(), 'konseki-all-'));
    const r = konseki(['-q', 'triage', allEvtx!, '-o', out, '--no-builtin-rules']);
    expect(r.code, r.stderr).toBe(0);
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    try {
      expect(await store.count('events')).toBe(expected);
    } finally {
      store.close();
    }
  });
});

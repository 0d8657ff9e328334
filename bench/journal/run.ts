/**
 * The journal reader against journalctl on the same file: a journal of N generated entries (sshd,
 * sudo, long kernel messages that journald compresses with zstd) written by systemd-journal-remote,
 * then read whole by `journalctl --file F -o export` (to /dev/null) and by konseki's reader (events
 * with the normalized auth.log fields), each timed in this run. Prints entries/s and the ratio.
 * Usage: npx tsx bench/journal/run.ts [entries=200000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issue } from '../../src/core/issue.ts';
import { journalReader } from '../../src/sources/linux/journal-reader.ts';
import {
  type ExportEntry,
  JOURNAL_REMOTE,
  JOURNALCTL,
  journalFromExport,
} from '../../test/support/linux/journal-export.ts';

const n = Number(process.argv[2] ?? 200_000);
if (!JOURNAL_REMOTE || !JOURNALCTL) {
  console.log('systemd-journal-remote or journalctl missing (Debian: systemd-journal-remote): nothing to compare');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'konseki-bench-journal-'));
const path = join(dir, 'bench.journal');
const entries: ExportEntry[] = [];
for (let i = 0; i < n; i++) {
  const k = i % 10;
  const msg =
    k < 7
      ? `Failed password for invalid user u${i % 500} from 203.0.113.${i % 250} port ${30000 + (i % 30000)} ssh2`
      : k < 9
        ? `pam_unix(sshd:session): session opened for user admin(uid=1000) by (uid=0)`
        : `audit: ${'payload '.repeat(100 + (i % 50))}`;
  entries.push([
    ['__REALTIME_TIMESTAMP', String(1_760_000_000_000_000 + i * 1000)],
    ['__MONOTONIC_TIMESTAMP', String(1_000_000 + i * 1000)],
    ['_BOOT_ID', '6f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    ['_HOSTNAME', 'web01'],
    ['SYSLOG_IDENTIFIER', k === 9 ? 'kernel' : 'sshd'],
    ['_PID', String(1000 + (i % 3000))],
    ['PRIORITY', '6'],
    ['MESSAGE', msg],
  ]);
}
journalFromExport(entries, path);
const mb = statSync(path).size / 2 ** 20;
console.log(`journal: ${n} entries, ${mb.toFixed(1)} MiB (${path})`);

let t = process.hrtime.bigint();
const r = spawnSync(JOURNALCTL, ['--file', path, '-o', 'export', '--no-pager'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const jctl = Number(process.hrtime.bigint() - t) / 1e9;
if (r.status !== 0) throw new Error(String(r.stderr));

t = process.hrtime.bigint();
const issues: Issue[] = [];
let events = 0;
for await (const _e of journalReader.read(path, { issues, displayPath: path })) events++;
const ours = Number(process.hrtime.bigint() - t) / 1e9;
console.log(`journalctl -o export: ${jctl.toFixed(2)} s (${Math.round(n / jctl)} entries/s)`);
console.log(
  `konseki journal reader: ${ours.toFixed(2)} s (${Math.round(events / ours)} events/s), ${issues.length} issues`,
);
console.log(`ratio konseki / journalctl time: ${(ours / jctl).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });

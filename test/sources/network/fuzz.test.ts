// Mutated, truncated and pathological lines never crash, hang or throw inside any network reader:
// every line is accounted for (event, skipped or ignored), no parser exception escapes (none is even
// caught as "internal"), and hostile lines finish quickly. Seeded, so failures reproduce.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { networkReaderList } from '../../../src/sources/network/index.ts';
import { readHead } from '../../../src/app/readers.ts';
import { FIXTURES, readWith } from './helpers.ts';
import { mulberry32 } from '../../../src/core/rng.ts';

const rng = mulberry32;

const SPECIALS = [
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ',',
  ':',
  '\t',
  '\\',
  '#',
  ' ',
  '=',
  '/',
  '|',
  '\u0000',
  '\u00e9',
  '\u{1F600}',
  '-',
  '.',
  '%',
  '<',
  '>',
  '\r',
];

function mutate(line: string, r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const at = Math.floor(r() * (line.length + 1));
  switch (Math.floor(r() * 9)) {
    case 0:
      return line.slice(0, at); // truncated
    case 1:
      return line.slice(0, at) + pick(SPECIALS) + line.slice(at + 1);
    case 2:
      return line.slice(0, at) + pick(SPECIALS).repeat(1 + Math.floor(r() * 2000)) + line.slice(at);
    case 3: {
      const seg = line.slice(at, at + 1 + Math.floor(r() * 20));
      return line.slice(0, at) + seg.repeat(1 + Math.floor(r() * 500)) + line.slice(at);
    }
    case 4:
      return line.slice(0, at) + line.slice(at + Math.floor(r() * 30));
    case 5:
      return line.replace(/\d+/g, (d) => (r() < 0.3 ? '9'.repeat(1 + Math.floor(r() * 40)) : r() < 0.5 ? '-' + d : d));
    case 6: {
      const t = line.split(/(\s+|,)/);
      const i = Math.floor(r() * t.length);
      const j = Math.floor(r() * t.length);
      [t[i], t[j]] = [t[j], t[i]];
      return t.join('');
    }
    case 7:
      return String.fromCharCode(...Array.from({ length: 1 + Math.floor(r() * 300) }, () => Math.floor(r() * 256)));
    default:
      return line.replace(/[ ,]/g, () => (r() < 0.1 ? '' : r() < 0.05 ? '  ' : r() < 0.5 ? ' ' : ','));
  }
}

const PATHOLOGICAL = [
  '['.repeat(200_000),
  '"'.repeat(100_000),
  'a:'.repeat(60_000),
  'client '.repeat(20_000),
  'IN= OUT= SRC= DST= '.repeat(5_000),
  '{"a":'.repeat(50_000),
  '[**] [1:1:1] '.repeat(10_000),
  '#fields\t' + 'x\t'.repeat(50_000),
  '1.2.3.4 - - [' + '1'.repeat(100_000),
  `${'9'.repeat(50)}.${'9'.repeat(50)} ${'x '.repeat(30_000)}`,
  'Jan  1 00:00:00 h filterlog: ' + ','.repeat(100_000),
  'x'.repeat(2 * 1024 * 1024), // longer than the 1 MiB line limit
];

/** Sample files: the fixtures and a few corpus files (each as its lines, in order). */
function sampleFiles(): { path: string; lines: string[] }[] {
  const out: { path: string; lines: string[] }[] = [];
  const add = (p: string, max = 200): void => {
    try {
      if (statSync(p).isFile()) out.push({ path: p, lines: readFileSync(p, 'utf8').split(/\r?\n/).slice(0, max) });
    } catch {
      /* optional sample */
    }
  };
  for (const f of readdirSync(FIXTURES)) add(join(FIXTURES, f));
  const net = corpusDir('network');
  if (net) {
    [
      'squid/elastic-beats/access1.log',
      'suricata/surevego/eve_broken.json',
      'suricata/Zeus/fast.log',
      'dns/crowdsec-hub/bind9-logs/bind9-logs.log',
      'zeek/rita/proxy/conn.log',
      'zeek/rita/proxy/http.log',
      'zeek/otrf-apt29/day1/NASHUA-zeek_logs/dns.log',
      'iptables/crowdsec-hub/iptables-logs/iptables-logs.log',
      'pfsense/crowdsec-hub/pfsense-rfc5424-filterlog/pfsense-rfc5424-filterlog.log',
      'snort/plaso/snort3_alert_fast.log',
    ].forEach((rel) => add(join(net, rel)));
  }
  return out;
}

describe('fuzz: every network reader on mutated and hostile input', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'konseki-fuzz-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const samples = sampleFiles();
  const base = samples.flatMap((f) => f.lines);

  for (const reader of networkReaderList) {
    it(`${reader.id}: no crash, no hang, every line accounted for`, async () => {
      const r = rng(0x5eed ^ (reader.id.length * 7919) ^ reader.id.charCodeAt(0));
      // the reader's own files, in order (headers before data, records whole), mutated line by line
      const own = samples
        .filter((f) => reader.sniff(readHead(f.path), basename(f.path)) >= 0.5)
        .flatMap((f) => f.lines);
      expect(own.length, `no sample for ${reader.id}`).toBeGreaterThan(0);
      const lines: string[] = [];
      for (let i = 0; i < 2500; i++) {
        const l = own[i % own.length];
        lines.push(r() < 0.3 ? l : mutate(r() < 0.3 ? mutate(l, r) : l, r));
      }
      lines.splice(Math.floor(lines.length / 2), 0, ...PATHOLOGICAL);
      const file = join(tmp, `${reader.id}.log`);
      const text = lines.join('\n') + '\n';
      writeFileSync(file, text);
      const lineCount = Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(' ')[0]);
      const t0 = Date.now();
      const res = await readWith(reader, file, { mtimeUs: Date.UTC(2024, 5, 1) * 1000, timeZone: 'Asia/Tokyo' });
      const ms = Date.now() - t0;
      expect(ms, `${reader.id} took ${ms} ms`).toBeLessThan(20_000);
      expect(res.stats.lines).toBe(lineCount);
      const total = res.stats.events + res.stats.skipped + res.stats.ignored;
      if (reader.id === 'snort-full') expect(total - res.stats.lines).toBeGreaterThanOrEqual(0);
      else expect(total).toBe(res.stats.lines);
      const internal = res.issues.filter((i) => String(i.params?.reason ?? '').startsWith('internal'));
      expect(internal.map((i) => `${i.at.line}: ${i.params?.reason}`)).toEqual([]);
      for (const e of res.events) {
        expect(typeof e.ts).toBe('number');
        expect(e.source.line).toBeGreaterThan(0);
        expect(() => JSON.stringify(e)).not.toThrow();
      }
      expect(res.stats.events).toBeGreaterThan(0);
    });
  }

  it('damaged gzip streams (cut, bit flips) end with an issue, never an exception', async () => {
    const r = rng(42);
    const plain = join(tmp, 'plain.log');
    writeFileSync(plain, base.join('\n').repeat(20));
    const gz = execFileSync('gzip', ['-c', plain]);
    for (let k = 0; k < 6; k++) {
      const b = Buffer.from(gz.subarray(0, Math.floor(gz.length * (0.2 + r() * 0.79))));
      for (let f = 0; f < k; f++) b[10 + Math.floor(r() * (b.length - 10))] ^= 1 << Math.floor(r() * 8);
      const file = join(tmp, `bad${k}.gz`);
      writeFileSync(file, b);
      for (const reader of networkReaderList) {
        const res = await readWith(reader, file);
        expect(res.stats.events + res.stats.skipped + res.stats.ignored).toBeGreaterThanOrEqual(res.stats.lines);
        expect(res.issues.filter((i) => i.code === 'net.gzip_error').length, `${reader.id} on cut gzip ${k}`).toBe(1);
      }
    }
  });
});

// Every Zeek log of the corpus (TSV and JSON, plain and gzip, rotated names, RITA's malformed cases)
// against a python3 oracle that splits TSV by its #fields header and parses JSON lines with json.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { pick, py, readWith } from './helpers.ts';

const ZEEK = corpusDir('network', 'zeek');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(log|json)(\.gz)?$/.test(name) || /\.log\.gz$/.test(name)) out.push(p);
  }
  return out;
}

const ORACLE = `
import sys, json, zlib
res = {}
for path in sys.argv[1:]:
    raw = open(path, 'rb').read()
    if raw[:2] == b'\\x1f\\x8b':
        out = b''; data = raw
        while data:
            d = zlib.decompressobj(31)
            try: out += d.decompress(data)
            except Exception: break
            data = d.unused_data
        raw = out
    lines = raw.split(b'\\n')
    if lines and lines[-1] == b'': lines.pop()
    fields = None; ev = 0; bad = 0; sums = {'orig_bytes': 0, 'resp_bytes': 0}; path_name = None
    for l in lines:
        if l.startswith(b'{'):
            try: o = json.loads(l)
            except Exception: bad += 1; continue
            if isinstance(o, dict):
                ev += 1
                for k in sums:
                    if isinstance(o.get(k), int): sums[k] += o[k]
            else: bad += 1
        elif l.startswith(b'#'):
            if l.startswith(b'#fields'): fields = l.split(b'\\t')[1:]
            if l.startswith(b'#path'): path_name = l.split(b'\\t')[1].decode()
        elif not l.strip(): pass
        elif fields is None: bad += 1
        else:
            cols = l.split(b'\\t')
            if len(cols) == len(fields):
                ev += 1
                for k in sums:
                    if k.encode() in fields:
                        v = cols[fields.index(k.encode())]
                        if v.isdigit(): sums[k] += int(v)
            else: bad += 1
    res[path] = {'events': ev, 'bad': bad, 'sums': sums, 'path': path_name}
print(json.dumps(res))`;

describe.skipIf(!ZEEK)('Zeek logs of the corpus', () => {
  it('every file: events and malformed lines equal the python oracle; conn byte sums agree', async () => {
    const files = walk(ZEEK ?? '');
    expect(files.length).toBeGreaterThan(500);
    const oracle = JSON.parse(py(ORACLE, ...files)) as Record<
      string,
      { events: number; bad: number; sums: Record<string, number>; path: string | null }
    >;
    const unclaimed: string[] = [];
    let totalEvents = 0;
    for (const file of files) {
      const reader = pick(file);
      if (!reader) {
        unclaimed.push(file);
        continue;
      }
      expect(reader.id, file).toBe('zeek');
      const r = await readWith(reader, file);
      const o = oracle[file];
      expect({ file, events: r.stats.events, bad: r.stats.skipped }).toEqual({ file, events: o.events, bad: o.bad });
      totalEvents += r.stats.events;
      const conn = r.events.filter((e) => e.logsource.service === 'conn');
      if (conn.length && conn.length === r.events.length) {
        const sum = (k: string): number =>
          conn.reduce((a, e) => a + (typeof e.fields[k] === 'number' ? (e.fields[k] as number) : 0), 0);
        expect(sum('orig_bytes'), file).toBe(o.sums.orig_bytes);
        expect(sum('resp_bytes'), file).toBe(o.sums.resp_bytes);
      }
      if (o.path && r.events.length) {
        const want = o.path.replace(/^open_/, '');
        expect(r.events[0].logsource.service, file).toBe(want);
      }
    }
    // only non-record files stay unclaimed: Zeek's loaded_scripts (no ts), conn-summary text, a lorem-ipsum "conn.log"
    for (const u of unclaimed) expect(basename(u), u).toMatch(/^(?:loaded_scripts\.log|conn-summary\..*|conn\.log)$/);
    expect(unclaimed.filter((u) => basename(u) === 'conn.log')).toEqual([join(ZEEK ?? '', 'rita/text_file/conn.log')]);
    expect(totalEvents).toBeGreaterThan(100_000);
  });

  it('RITA malformed cases: truncated last line, unknown field, header-less TSV', async () => {
    const truncated = await readWith(
      pick(join(ZEEK ?? '', 'rita/truncated/conn.log'))!,
      join(ZEEK ?? '', 'rita/truncated/conn.log'),
    );
    expect(truncated.stats.skipped).toBe(1);
    expect(truncated.issues.find((i) => i.code === 'net.bad_line')?.at.line).toBe(truncated.stats.lines);
    const unknown = await readWith(
      pick(join(ZEEK ?? '', 'rita/has_unknown_field/http.log'))!,
      join(ZEEK ?? '', 'rita/has_unknown_field/http.log'),
    );
    expect(unknown.events.every((e) => e.fields.i_dont_exist !== undefined)).toBe(true);
    const top = join(ZEEK ?? '', 'rita/truncated/conn_top.log');
    const headless = await readWith(pick(top)!, top);
    expect(headless.stats.events).toBe(0);
    expect(headless.issues.some((i) => i.code === 'net.zeek_no_fields')).toBe(true);
  });

  it('normalized names: conn, dns, http, ssl (TSV) and underscore JSON keys (OTRF)', async () => {
    const dir = join(ZEEK ?? '', 'rita/proxy');
    const dns = await readWith(pick(join(dir, 'dns.log'))!, join(dir, 'dns.log'));
    const withAnswers = dns.events.find((e) => Array.isArray(e.fields.answers));
    expect(withAnswers?.fields.answer).toEqual((withAnswers!.fields.answers as string[]).map(String));
    for (const e of dns.events) {
      expect(e.fields.record_type).toBe(e.fields.qtype_name);
      expect(e.host).toBe(e.fields['id.orig_h']);
    }
    const ssl = await readWith(pick(join(dir, 'ssl.log'))!, join(dir, 'ssl.log'));
    expect(ssl.events.filter((e) => e.fields.server_name).length).toBeGreaterThan(0);
    expect(ssl.events.every((e) => e.fields.dst_port === e.fields['id.resp_p'])).toBe(true);
    const http = await readWith(pick(join(dir, 'http.log'))!, join(dir, 'http.log'));
    for (const e of http.events) {
      expect(e.fields['cs-method']).toBe(e.fields.method);
      if (e.fields.host) expect(e.fields['cs-host']).toBe(String(e.fields.host).toLowerCase());
      expect(e.fields['c-useragent']).toBe(e.fields.user_agent);
    }
    const otrf = join(ZEEK ?? '', 'otrf-apt29/day1/NASHUA-zeek_logs/conn.log');
    const o = await readWith(pick(otrf)!, otrf);
    const n = Number(
      py('import sys,json; print(sum(1 for l in open(sys.argv[1]) if json.loads(l).get("id_orig_h")))', otrf),
    );
    expect(
      o.events.filter((e) => typeof e.fields['id.orig_h'] === 'string' && e.fields.src_ip === e.fields['id.orig_h'])
        .length,
    ).toBe(n);
  });
});

/**
 * `konseki serve` without a browser: who may talk to it (token, cookie, Host, Origin, loopback), what
 * its queries answer (each checked against an oracle computed another way: the timeline file, the raw
 * log files, `konseki dump`), and how review marks reach the report and `konseki respond`.
 */
import { request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { konseki } from '../support/cli.ts';
import { HOSTILE_CMD, HOSTILE_UA, hostileDemoCase, type Served, startServe } from '../support/web.ts';

type J = Record<string, unknown>;

let served: Served;
let caseDir = '';
let evidence = '';

beforeAll(async () => {
  const fx = await hostileDemoCase();
  caseDir = fx.caseDir;
  evidence = fx.evidence;
  served = await startServe(['--case', caseDir, '--port', '0', '-q']);
}, 300_000);
afterAll(async () => {
  await served?.stop();
});

const api = async (path: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${served.base}${path}`, {
    ...init,
    headers: { 'X-Konseki-Token': served.token, ...(init.headers ?? {}) },
    redirect: 'manual',
  });
const json = async <T = J>(path: string): Promise<T> => {
  const r = await api(path);
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
};
const post = async (path: string, body: unknown): Promise<Response> =>
  api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

/** Raw HTTP with any Host header (fetch will not send a foreign one). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(served.base);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

const timeline = (): J[] =>
  readFileSync(join(caseDir, 'timeline.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as J);
describe('konseki serve: access', () => {
  it('answers 401 without the token, for the page, the assets and the API', async () => {
    for (const p of ['/', '/assets/app.js', '/api/session', '/api/rows', '/api/overview']) {
      const r = await fetch(`${served.base}${p}`, { redirect: 'manual' });
      expect(r.status, p).toBe(401);
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      const w = await fetch(`${served.base}${p}`, { headers: { 'X-Konseki-Token': 'x'.repeat(32) } });
      expect(w.status, p).toBe(401);
    }
    const r = await fetch(`${served.base}/api/review`, {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(401);
  });

  it('sets an HttpOnly SameSite cookie from the URL, which opens the page but cannot change the case', async () => {
    const first = await fetch(served.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const jar = cookie.split(';')[0]!;
    const page = await fetch(`${served.base}/`, { headers: { cookie: jar } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son\w+=/i);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect((await fetch(`${served.base}/api/session`, { headers: { cookie: jar } })).status).toBe(200);
    const change = await fetch(`${served.base}/api/record/note`, {
      method: 'POST',
      headers: { cookie: jar, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'from a cookie alone' }),
    });
    expect(change.status).toBe(401);
  });

  it('refuses other Host names (DNS rebinding) and foreign origins', async () => {
    const port = new URL(served.base).port;
    expect(await rawGet('/api/session', { host: `127.0.0.1:${port}`, 'x-konseki-token': served.token })).toBe(200);
    expect(await rawGet('/api/session', { host: `localhost:${port}`, 'x-konseki-token': served.token })).toBe(200);
    expect(await rawGet('/api/session', { host: `evil.example:${port}`, 'x-konseki-token': served.token })).toBe(421);
    const r = await api('/api/record/note', {
      method: 'POST',
      body: JSON.stringify({ text: 'x' }),
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
    });
    expect(r.status).toBe(403);
  });

  it('will not listen beyond loopback without an explicit token, nor open a directory that is not a case', () => {
    const r = konseki(['serve', '--case', caseDir, '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token');
    const s = konseki(['serve', '--case', mkdtempSync(join(tmpdir(), 'konseki-nocase-')), '--port', '0']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('case.duckdb');
  });
});

describe('konseki serve: queries', () => {
  it('filters the timeline by host, level and text as timeline.jsonl says', async () => {
    const rows = timeline();
    const fs01 = rows.filter((r) => String(r.Computer).split('.')[0]!.toUpperCase() === 'FS01');
    expect(fs01.length).toBeGreaterThan(0);
    expect((await json<{ total: number }>('/api/count?host=FS01')).total).toBe(fs01.length);
    const page = await json<{ rows: J[] }>('/api/rows?host=FS01&limit=1000');
    expect(page.rows.map((r) => r.record_id)).toEqual(fs01.map((r) => r.RecordID));
    expect(page.rows.every((r) => r.hkey === 'FS01')).toBe(true);

    const high = rows.filter((r) => ['high', 'crit'].includes(String(r.Level)));
    expect((await json<{ total: number }>('/api/count?level=high')).total).toBe(high.length);

    const q = 'onerror';
    const text = rows.filter((r) =>
      `${r.RuleTitle} ${r.Details} ${r.ExtraFieldInfo}`.toLowerCase().includes(q.toLowerCase()),
    );
    expect(text.length).toBeGreaterThan(0);
    expect((await json<{ total: number }>(`/api/count?q=${q}`)).total).toBe(text.length);

    // pages of 5 put together are the whole result, in time order
    const all: J[] = [];
    for (let o = 0; o < rows.length; o += 5)
      all.push(...(await json<{ rows: J[] }>(`/api/rows?offset=${o}&limit=5`)).rows);
    expect(all.map((r) => Number(r.ts))).toEqual([...all.map((r) => Number(r.ts))].sort((a, b) => a - b));
    expect(new Set(all.map((r) => r.id)).size).toBe(rows.length);
    const hist = await json<{ counts: number[] }>('/api/histogram?buckets=50');
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
  });

  it('pages through every event in time order, with or without a text filter', async () => {
    const total = (await json<{ total: number }>('/api/count?src=ev')).total;
    const all: J[] = [];
    for (let o = 0; o < total; o += 700)
      all.push(...(await json<{ rows: J[] }>(`/api/rows?src=ev&offset=${o}&limit=700`)).rows);
    expect(all).toHaveLength(total);
    const ts = all.map((r) => (r.ts === null ? -Infinity : Number(r.ts)));
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(new Set(all.map((r) => r.id)).size).toBe(total);
    const text = await json<{ rows: J[] }>('/api/rows?src=ev&q=UPDATE-CHECK.example&limit=1000');
    const n = (await json<{ total: number }>('/api/count?src=ev&q=update-check.EXAMPLE')).total;
    expect(text.rows).toHaveLength(n);
    expect(text.rows.every((r) => String(r.summary).toLowerCase().includes('update-check.example'))).toBe(true);
    const tts = text.rows.map((r) => Number(r.ts));
    expect(tts).toEqual([...tts].sort((a, b) => a - b));
  });

  it('pivots on an account and an address over every event', async () => {
    const acct = await json<{ total: number }>('/api/count?src=ev&account=svc_backup');
    const addr = await json<{ total: number }>('/api/count?src=ev&addr=10.10.1.21');
    // oracle: the Windows logs name svc_backup as TargetUserName; the network logs name 10.10.1.21 as client
    const d = konseki(['dump', join(evidence, 'windows'), '--format', 'jsonl', '-t', '1']);
    expect(d.code, d.stderr).toBe(0);
    const named = d.stdout
      .split('\n')
      .filter(Boolean)
      .filter((l) => /"(TargetUserName|SubjectUserName)":\s*"(CORP\\\\)?svc_backup"/i.test(l)).length;
    expect(named).toBeGreaterThan(0);
    expect(acct.total).toBe(named);
    // oracle: the raw lines that name 10.10.1.21 as an address, format by format
    const ip = '10.10.1.21';
    const lines = (f: string): string[] =>
      readFileSync(join(evidence, 'network', f), 'utf8')
        .split('\n')
        .filter(Boolean);
    const proxy = lines('proxy/access.log').filter((l) => l.split(/\s+/)[2] === ip).length;
    const dns = lines('dns/query.log').filter((l) => /client (@\S+ )?10\.10\.1\.21#/.test(l)).length;
    const fw = lines('firewall/filter.log').filter((l) => l.split(',').includes(ip)).length;
    const eve = lines('ids/eve.json').filter((l) => {
      const e = JSON.parse(l) as J;
      return e.src_ip === ip || e.dest_ip === ip;
    }).length;
    const win = d.stdout
      .split('\n')
      .filter((l) => /"(IpAddress|SourceAddress|DestAddress)":\s*"(::ffff:)?10\.10\.1\.21"/.test(l)).length;
    expect(proxy * dns * fw * eve * win).toBeGreaterThan(0);
    expect(addr.total).toBe(proxy + dns + fw + eve + win);
    const rows = await json<{ rows: J[] }>('/api/rows?src=ev&addr=10.10.1.21&limit=1000');
    expect(rows.rows.every((r) => (r.addrs as string[]).includes('10.10.1.21'))).toBe(true);
  });

  it('gives the full event and the raw record (EVTX XML read again) of a detection', async () => {
    const page = await json<{ rows: J[] }>('/api/rows?q=window.__pwned%3D5');
    expect(page.rows).toHaveLength(1);
    const d = await json<{ detection: J; event: J; raw: { kind: string; text: string } }>(
      `/api/detection/${page.rows[0]!.id}`,
    );
    expect(JSON.parse(String(d.event.fields)).CommandLine).toBe(HOSTILE_CMD);
    expect(d.raw.kind).toBe('xml');
    const xml = konseki(['dump', join(evidence, 'windows', 'PC-SALES01', 'Hostile-Security.evtx'), '--format', 'xml']);
    expect(xml.stdout.replace(/\s+/g, ' ')).toContain(
      d.raw.text
        .replace(/^<\?xml[^>]*>\s*/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  });

  it('counts the contacts of a host with its C&C as the raw proxy and DNS logs do', async () => {
    const proxy = readFileSync(join(evidence, 'network', 'proxy', 'access.log'), 'utf8')
      .split('\n')
      .filter((l) => / 10\.10\.1\.21 /.test(l) && /update-check\.example-cdn\.net/.test(l)).length;
    const dns = readFileSync(join(evidence, 'network', 'dns', 'query.log'), 'utf8')
      .split('\n')
      .filter(
        (l) => /client (@\S+ )?10\.10\.1\.21#/.test(l) && /query: update-check\.example-cdn\.net /.test(l),
      ).length;
    expect(proxy).toBeGreaterThan(100);
    const pair = await json<{ total: number; ts: number[]; findings: J[] }>(
      '/api/net/pair?host=PC-SALES01&dst=update-check.example-cdn.net',
    );
    expect(pair.total).toBe(proxy + dns);
    expect(pair.findings.map((f) => f.kind)).toContain('beacon');
    const heat = await json<{ grid: number[][] }>('/api/net/heatmap?host=PC-SALES01&dst=update-check.example-cdn.net');
    const byHour = new Map<string, number>();
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Tokyo',
      weekday: 'short',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    for (const us of pair.ts) {
      const p = Object.fromEntries(fmt.formatToParts(new Date(us / 1000)).map((x) => [x.type, x.value]));
      const k = `${p.weekday} ${p.hour}`;
      byHour.set(k, (byHour.get(k) ?? 0) + 1);
    }
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const fromGrid = new Map<string, number>();
    heat.grid.forEach((row, d) =>
      row.forEach((n, h) => {
        if (n) fromGrid.set(`${days[d]} ${String(h).padStart(2, '0')}`, n);
      }),
    );
    expect(fromGrid).toEqual(byHour);
  });

  it('draws the logon graph from the Security log: the brute-forced account between its source and FS01', async () => {
    const g = await json<{ nodes: J[]; edges: J[] }>('/api/graph/logons');
    const id = (label: string): string | undefined => g.nodes.find((n) => n.label === label)?.id as string | undefined;
    expect(id('svc_backup')).toBeDefined();
    expect(g.edges.some((e) => e.source === id('svc_backup') && e.target === id('FS01'))).toBe(true);
    expect(g.edges.some((e) => e.source === id('PC-SALES01') && e.target === id('svc_backup'))).toBe(true);
    const spread = await json<{ nodes: J[]; edges: J[] }>('/api/graph/spread');
    const composite = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).composite;
    expect(spread.edges).toHaveLength(composite.edges.length);
  });

  it('shows a host: its processes with the hostile command line, logons in, peers', async () => {
    const h = await json<{ processes: J[]; logonsIn: J[]; peers: J[]; findings: J[] }>('/api/host/PC-SALES01');
    expect(h.processes.map((p) => p.command_line)).toContain(HOSTILE_CMD);
    expect(h.peers.map((p) => p.dst)).toContain('update-check.example-cdn.net');
    const fs = await json<{ logonsIn: J[] }>('/api/host/FS01');
    expect(fs.logonsIn.some((l) => l.account === 'svc_backup' && String(l.event_id) === '4624')).toBe(true);
    expect(h.findings.some((f) => String(f.summary_en).includes(HOSTILE_UA))).toBe(true);
  });
});

describe('konseki serve: review marks reach the report and konseki respond', () => {
  it('leaves a false positive out of the report and the containment, and brings it back when cleared', async () => {
    // the SSH brute force against WEB01 is the only basis of the indicator 203.0.113.77
    const list = await json<{ findings: J[] }>('/api/findings');
    const f = list.findings.find((x) => x.kind === 'brute-force' && x.peer === '203.0.113.77')!;
    expect(f).toBeDefined();
    const esc = (s: string): string =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const summary = esc(String(f.summary_en));
    const nft = (): string => {
      const out = mkdtempSync(join(tmpdir(), 'konseki-web-respond-'));
      const r = konseki(['respond', '--case', caseDir, '--level', 'cnc-only', '--out', out, '-q']);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'nftables.nft'), 'utf8');
    };
    expect(nft()).toContain('203.0.113.77');
    expect((await post('/api/report', {})).status).toBe(200);
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).toContain(summary);
    const composite = (): J => JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).composite as J;
    const before = composite();

    const m = await post('/api/review', {
      target: 'finding',
      key: f.key,
      status: 'false-positive',
      reason: 'our pentest',
    });
    expect(m.status).toBe(200);
    expect((await post('/api/report', {})).status).toBe(200);
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).not.toContain(summary);
    expect(nft()).not.toContain('203.0.113.77');
    const cli = konseki(['case', 'report', '--case', caseDir, '-q']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).not.toContain(summary);
    const review = JSON.parse(readFileSync(join(caseDir, 'review.json'), 'utf8'));
    expect(review.marks).toEqual([
      expect.objectContaining({ target: 'finding', key: f.key, status: 'false-positive', reason: 'our pentest' }),
    ]);
    expect(readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')).toContain('"serve review"');

    expect((await post('/api/review', { target: 'finding', key: f.key, status: null })).status).toBe(200);
    expect((await post('/api/report', {})).status).toBe(200);
    expect(nft()).toContain('203.0.113.77');
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).toContain(summary);
    // without marks the recomputed picture is triage's own
    expect(composite()).toEqual(before);
  });

  it('marks a detection: the row carries its status, the filters see it, the report leaves it out', async () => {
    const page = await json<{ rows: J[] }>('/api/rows?q=window.__pwned%3D5');
    const row = page.rows[0]!;
    const before = (await json<{ total: number }>('/api/count?review=hide-fp')).total;
    const r = await post('/api/review', { target: 'detection', key: row.key, status: 'false-positive', label: 'x' });
    expect(r.status).toBe(200);
    expect((await json<{ total: number }>('/api/count?review=hide-fp')).total).toBe(before - 1);
    expect((await json<{ rows: J[] }>('/api/rows?review=fp')).rows.map((x) => x.id)).toEqual([row.id]);
    await post('/api/report', {});
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).not.toContain('window.__pwned=5');
    expect(readdirSync(caseDir)).toContain('review.json');
  });

  it('refuses malformed marks', async () => {
    expect((await post('/api/review', { target: 'finding', key: 'f-nothex', status: 'confirmed' })).status).toBe(400);
    expect((await post('/api/review', { target: 'finding', key: `f-${'0'.repeat(20)}`, status: 'bogus' })).status).toBe(
      400,
    );
    expect(
      (await post('/api/review', { target: 'finding', key: `f-${'0'.repeat(20)}`, status: 'confirmed' })).status,
    ).toBe(404);
  });
});

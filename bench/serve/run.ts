/**
 * bench/serve: how fast `konseki serve` answers what the browser asks, on two large cases:
 *  - the EVTX corpus copied 8 times, triaged with all SigmaHQ + Hayabusa rules and konseki's own
 *    (the case bench/triage builds; about 250 k detections),
 *  - the labelled network week of test/support/network-scenario (proxy, firewall, DNS, IDS).
 * Each case is triaged once into .tmp/bench-serve/ (kept for later runs; --fresh rebuilds), then
 * `konseki serve` is started as a user starts it (start-up time = indexes built) and every query of the
 * list is sent over HTTP --reps times (default 7): median and worst latency per query, against the
 * 200 ms per page target. Peak RSS of the server from /proc at the end.
 *   npx tsx bench/serve/run.ts [--reps N] [--copies N] [--fresh] [--only evtx|net]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir } from '../../test/support/corpus.ts';
import { generateScenario } from '../../test/support/network-scenario/generate.ts';
import { startServe } from '../../test/support/web.ts';

const args = process.argv.slice(2);
const opt = (flag: string, def: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const reps = Number(opt('--reps', '7'));
const copies = Number(opt('--copies', '8'));
const only = opt('--only', '');
const fresh = args.includes('--fresh');
const root = resolve('.tmp', 'bench-serve');
const TARGET_MS = 200;

spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const cli = resolve('dist/cli.mjs');

function triage(evidence: string, out: string, extra: string[]): number {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, '-q', 'triage', evidence, '-o', out, ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`triage of ${evidence} failed`);
  return (Date.now() - t0) / 1000;
}

function evtxCase(): string | undefined {
  const evtx = corpusDir('evtx');
  const rules = [corpusDir('rules', 'sigma', 'rules'), corpusDir('rules', 'hayabusa-rules', 'hayabusa')];
  if (!evtx || rules.some((r) => !r)) return undefined;
  const dir = join(root, `evtx-x${copies}`);
  const out = join(dir, 'case');
  if (!fresh && existsSync(join(out, 'case.json'))) return out;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  // hard links: the same bytes under other paths, as bench/triage does
  for (let i = 0; i < copies; i++) spawnSync('cp', ['-al', evtx, join(dir, 'evidence', `copy${i}`)]);
  const s = triage(
    join(dir, 'evidence'),
    out,
    rules.flatMap((r) => ['-r', r!]),
  );
  console.log(`triaged the EVTX corpus ×${copies} in ${s.toFixed(0)} s`);
  return out;
}

function netCase(): string {
  const dir = join(root, 'netweek');
  const out = join(dir, 'case');
  if (!fresh && existsSync(join(out, 'case.json'))) return out;
  rmSync(dir, { recursive: true, force: true });
  const sc = generateScenario(join(dir, 'evidence'));
  const logs = [sc.files.proxy, sc.files.firewall, sc.files.dns, sc.files.eve];
  const mb = logs.reduce((a, f) => a + statSync(f).size, 0) / 1e6;
  const s = triage(join(dir, 'evidence'), out, [
    '--ioc',
    sc.files.iocs,
    '--allow',
    sc.files.allow,
    '--policy',
    sc.files.policy,
    '--timezone',
    'Asia/Tokyo',
    '--log-timezone',
    'Asia/Tokyo',
  ]);
  console.log(`generated and triaged the network week (${mb.toFixed(0)} MB of logs) in ${s.toFixed(0)} s`);
  return out;
}

type Query = [name: string, path: string];

async function measure(label: string, caseDir: string, queries: (info: Info) => Query[]): Promise<void> {
  const t0 = Date.now();
  const served = await startServe(['--case', caseDir, '--port', '0'], 1_800_000);
  const url = (Date.now() - t0) / 1000;
  const get = async (path: string): Promise<{ ms: number; body: unknown }> => {
    const s = process.hrtime.bigint();
    const r = await fetch(`${served.base}${path}`, { headers: { 'X-Konseki-Token': served.token } });
    const body = (await r.json()) as unknown;
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, body };
  };
  try {
    let session = (await get('/api/session')).body as { indexed: Record<string, number>; ready: boolean };
    while (!session.ready) {
      await new Promise((r) => setTimeout(r, 200));
      session = (await get('/api/session')).body as typeof session;
    }
    const startup = (Date.now() - t0) / 1000;
    const info = await caseInfo(get);
    console.log(
      `\n== ${label}: ${session.indexed.detections} detections, ${session.indexed.events} events, ${session.indexed.contacts} network contacts; URL printed after ${url.toFixed(1)} s, indexes built after ${startup.toFixed(1)} s`,
    );
    console.log(
      `${'query'.padEnd(48)} ${'rows'.padStart(9)} ${'first'.padStart(10)} ${'median'.padStart(10)} ${'worst'.padStart(10)}`,
    );
    let over = 0;
    for (const [name, path] of queries(info)) {
      const times: number[] = [];
      let rows = '';
      for (let i = 0; i < reps; i++) {
        const r = await get(path);
        times.push(r.ms);
        const b = r.body as { total?: number; rows?: unknown[]; pairs?: unknown[]; nodes?: unknown[] };
        rows = String(b.total ?? b.rows?.length ?? b.pairs?.length ?? b.nodes?.length ?? '');
      }
      const firstMs = times[0]!;
      times.sort((a, b) => a - b);
      const med = times[Math.floor(times.length / 2)]!;
      const worst = times[times.length - 1]!;
      if (worst > TARGET_MS) over++;
      console.log(
        `${name.slice(0, 48).padEnd(48)} ${rows.padStart(9)} ${`${firstMs.toFixed(1)} ms`.padStart(10)} ${`${med.toFixed(1)} ms`.padStart(10)} ${`${worst.toFixed(1)} ms`.padStart(10)}${worst > TARGET_MS ? '  > target' : ''}`,
      );
    }
    const rss = peakRss(served.proc.pid!);
    console.log(
      `${over} of ${queries(info).length} queries over ${TARGET_MS} ms at worst; server peak RSS ${rss ? `${(rss / 1024).toFixed(0)} MiB` : 'n/a'}; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
  } finally {
    await served.stop();
  }
}

interface Info {
  host: string;
  account: string;
  addr: string;
  total: number;
  from: number;
  to: number;
  pairHost: string;
  pairDst: string;
}

async function caseInfo(get: (p: string) => Promise<{ body: unknown }>): Promise<Info> {
  const hosts = (await get('/api/values?field=host')).body as Array<{ value: string }>;
  const evHosts = (await get('/api/values?field=ev-host')).body as Array<{ value: string }>;
  const total = ((await get('/api/count')).body as { total: number }).total;
  const first = ((await get('/api/rows?limit=1')).body as { rows: Array<{ ts: string; accounts: string[] }> }).rows[0];
  const last = ((await get('/api/rows?limit=1&order=desc')).body as { rows: Array<{ ts: string }> }).rows[0];
  const withAccount = (
    (await get('/api/rows?src=ev&limit=200&eid=4624')).body as { rows: Array<{ accounts: string[]; addrs: string[] }> }
  ).rows.find((r) => r.accounts.length);
  const pair = ((await get('/api/net/pairs')).body as { pairs: Array<{ host: string; dst: string }> }).pairs[0];
  const anyAddr = ((await get('/api/rows?src=ev&limit=200')).body as { rows: Array<{ addrs: string[] }> }).rows.find(
    (r) => r.addrs.length,
  );
  const from = Number(first?.ts ?? 0);
  const to = Number(last?.ts ?? 0);
  return {
    host: hosts[0]?.value ?? evHosts[0]?.value ?? '',
    account: withAccount?.accounts[0] ?? first?.accounts[0] ?? 'administrator',
    addr: withAccount?.addrs[0] ?? anyAddr?.addrs[0] ?? '10.0.0.1',
    total,
    from,
    to,
    pairHost: pair?.host ?? '',
    pairDst: pair?.dst ?? '',
  };
}

const e = encodeURIComponent;
const timelineQueries = (i: Info): Query[] => {
  const mid = i.from + Math.floor((i.to - i.from) / 2);
  const hour = 3_600_000_000;
  return [
    ['detections: first page', '/api/rows?limit=200'],
    ['detections: page in the middle', `/api/rows?limit=200&offset=${Math.floor(i.total / 2)}`],
    ['detections: last page', `/api/rows?limit=200&offset=${Math.max(0, i.total - 200)}`],
    ['detections: count', '/api/count'],
    ['detections: histogram', '/api/histogram?buckets=160'],
    [`detections: host ${i.host} (page)`, `/api/rows?limit=200&host=${e(i.host)}`],
    [`detections: host ${i.host} (count)`, `/api/count?host=${e(i.host)}`],
    ['detections: host + one hour (page)', `/api/rows?limit=200&host=${e(i.host)}&from=${mid}&to=${mid + hour}`],
    ['detections: level >= high (page)', '/api/rows?limit=200&level=high'],
    ['detections: level >= high (count)', '/api/count?level=high'],
    ['detections: rule text (page)', '/api/rows?limit=200&rule=logon'],
    ['detections: free text (page)', '/api/rows?limit=200&q=powershell'],
    ['detections: free text (count)', '/api/count?q=powershell'],
    [`detections: account ${i.account} (page)`, `/api/rows?limit=200&account=${e(i.account)}`],
    [`detections: address ${i.addr} (page)`, `/api/rows?limit=200&addr=${e(i.addr)}`],
    ['detections: hide false positives (page)', '/api/rows?limit=200&review=hide-fp'],
    ['events: first page', '/api/rows?src=ev&limit=200'],
    ['events: page in the middle', '/api/rows?src=ev&limit=200&offset=100000'],
    ['events: count', '/api/count?src=ev'],
    [`events: account ${i.account} (page)`, `/api/rows?src=ev&limit=200&account=${e(i.account)}`],
    [`events: account ${i.account} (count)`, `/api/count?src=ev&account=${e(i.account)}`],
    [`events: address ${i.addr} (page)`, `/api/rows?src=ev&limit=200&addr=${e(i.addr)}`],
    ['events: event id 4624 (page)', '/api/rows?src=ev&limit=200&eid=4624'],
    ['events: free text (page)', '/api/rows?src=ev&limit=200&q=mimikatz'],
    ['events: free text (count)', '/api/count?src=ev&q=mimikatz'],
    ['record: detection with its event and raw XML', '/api/detection/1'],
    [`host page ${i.host}`, `/api/host/${e(i.host)}`],
    ['logon graph', '/api/graph/logons'],
  ];
};
const networkQueries = (i: Info): Query[] => [
  ['events: first page', '/api/rows?src=ev&limit=200'],
  ['events: page in the middle', '/api/rows?src=ev&limit=200&offset=200000'],
  ['events: count', '/api/count?src=ev'],
  [`events: address ${i.addr} (page)`, `/api/rows?src=ev&limit=200&addr=${e(i.addr)}`],
  [`events: address ${i.addr} (count)`, `/api/count?src=ev&addr=${e(i.addr)}`],
  [`events: host ${i.pairHost} (page)`, `/api/rows?src=ev&limit=200&host=${e(i.pairHost)}`],
  ['events: format squid (page)', '/api/rows?src=ev&limit=200&format=squid'],
  ['events: free text (page)', '/api/rows?src=ev&limit=200&q=curl'],
  ['events: free text (count)', '/api/count?src=ev&q=curl'],
  ['detections: first page', '/api/rows?limit=200'],
  ['network: host-destination pairs', '/api/net/pairs'],
  ['network: pairs of one host', `/api/net/pairs?host=${e(i.pairHost)}`],
  [`network: contacts ${i.pairHost} → ${i.pairDst}`, `/api/net/pair?host=${e(i.pairHost)}&dst=${e(i.pairDst)}`],
  ['network: heat map (all)', '/api/net/heatmap'],
  ['network: heat map (one host)', `/api/net/heatmap?host=${e(i.pairHost)}`],
  ['network: bytes over time', '/api/net/volume?buckets=168'],
  ['network: top talkers', '/api/net/top'],
  ['overview', '/api/overview'],
  [`host page ${i.pairHost}`, `/api/host/${e(i.pairHost)}`],
];

/** VmHWM of a process and its children (the server is one process). */
function peakRss(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

console.log(`bench/serve: ${reps} repetitions per query, target ${TARGET_MS} ms; cases under ${root}`);
if (only !== 'net') {
  const c = evtxCase();
  if (c) await measure(`EVTX corpus ×${copies}`, c, timelineQueries);
  else console.log('EVTX corpus or rules not found (run ../shared/data/unpack .corpus): skipping that case');
}
if (only !== 'evtx') await measure('labelled network week', netCase(), networkQueries);

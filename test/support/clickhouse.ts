/**
 * konseki's two-shard ClickHouse test cluster (deploy/clickhouse/cluster.sh: ZooKeeper + two
 * clickhouse-server processes as the shards of cluster `konseki`), started in a temporary directory on
 * a random port range. Tests skip with `clickhouseMissing()`'s reason when the servers are not installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const CH_USER = 'konseki';
export const CH_PASSWORD = 'konseki-test-password';
const SCRIPT = resolve('deploy/clickhouse/cluster.sh');

/** Why the cluster cannot start here, or undefined when it can. */
export function clickhouseMissing(): string | undefined {
  const onPath = (cmd: string): boolean => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!onPath('clickhouse-server')) return 'clickhouse-server is not installed (Debian package clickhouse-server)';
  if (!existsSync('/usr/share/zookeeper/bin/zkServer.sh'))
    return 'zookeeper is not installed (Debian package zookeeper)';
  if (!onPath('curl')) return 'curl is not installed';
  return undefined;
}

export class TestCluster {
  /** HTTP ports of shard 1 and shard 2 */
  readonly http: [number, number];
  constructor(
    readonly dir: string,
    readonly base: number,
  ) {
    this.http = [base + 123, base + 223];
  }

  /** Starts (or restarts) ZooKeeper and both shards; their data directories are kept. */
  start(): void {
    this.script('start', 120_000);
  }

  stop(): void {
    this.script('stop', 60_000);
  }

  /** cluster.sh with its output in a file: the servers it leaves running must not hold our pipes open. */
  private script(cmd: string, timeout: number): void {
    mkdirSync(this.dir, { recursive: true });
    const log = join(this.dir, `${cmd}.log`);
    try {
      execFileSync(
        'bash',
        ['-c', 'bash "$0" "$1" "$2" "$3" >"$4" 2>&1', SCRIPT, cmd, this.dir, String(this.base), log],
        {
          stdio: 'ignore',
          timeout,
        },
      );
    } catch (e) {
      throw new Error(
        `cluster.sh ${cmd} failed: ${existsSync(log) ? readFileSync(log, 'utf8') : (e as Error).message}`,
      );
    }
  }

  /** Kills one shard's server at once (its process group), as a crash or a pulled cable would. */
  kill(shard: 1 | 2): void {
    const pidFile = join(this.dir, `shard${shard}`, 'pid');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** The store URL of a shard; the password only when asked (else it comes from KONSEKI_CLICKHOUSE_PASSWORD). */
  url(shard: 1 | 2, database: string, withPassword = false): string {
    const cred = withPassword ? `${CH_USER}:${CH_PASSWORD}` : CH_USER;
    return `clickhouse://${cred}@127.0.0.1:${this.http[shard - 1]}/${database}`;
  }

  /** Runs SQL on one shard over HTTP (the test's own view of what the shard holds). */
  async sql(shard: 1 | 2, query: string, attempts = 3): Promise<string> {
    let r: Response;
    try {
      r = await fetch(`http://127.0.0.1:${this.http[shard - 1]}/`, {
        method: 'POST',
        body: query,
        headers: { 'X-ClickHouse-User': CH_USER, 'X-ClickHouse-Key': CH_PASSWORD },
      });
    } catch (e) {
      // a kept-alive connection the server has just closed
      if (attempts > 1) return this.sql(shard, query, attempts - 1);
      throw e;
    }
    const text = await r.text();
    if (!r.ok) throw new Error(`shard ${shard}: ${text}`);
    return text.trim();
  }
}

/** The ports cluster.sh takes from a base: ZooKeeper, each shard's TCP, interserver and HTTP. */
const OFFSETS = [181, 1, 2, 9, 19, 123, 223];

function free(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/**
 * A base port whose cluster ports are all free, below the ephemeral range (32768+): another cluster on
 * the machine (a second test run, a helper's) must not answer in place of ours.
 */
export async function freeBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20_000 + Math.floor(Math.random() * 120) * 100;
    if ((await Promise.all(OFFSETS.map((o) => free(base + o)))).every(Boolean)) return base;
  }
  throw new Error('no free port range for the ClickHouse test cluster');
}

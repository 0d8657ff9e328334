/**
 * What the organisation normally looks like, shared by the analyses of one run and computed first from
 * the `net` table: which internal hosts exist (as clients), how many of them use each destination
 * (registrable domain or IP) and the time span of each kind of log. Counts are exact (SQL), and only
 * the destinations are kept in memory, never the events.
 */
import { inList, type Sql } from '../sql.ts';
import { normName, registrableDomain, type NetKind } from './event-view.ts';
import type { NetworkContext } from './options.ts';
import { num } from './sql-parts.ts';

/** Records that say a host used a destination (DNS and IDS do not: a query is not a visit). */
export const USE = `kind NOT IN ('dns', 'ids') AND src_int AND dkey IS NOT NULL`;

export class OrgProfile {
  private hosts = 0;
  private readonly dests = new Map<string, number>();
  /** first and last event time (µs) per kind of log */
  readonly span = new Map<NetKind, { start: number; end: number }>();

  constructor(private readonly ctx: NetworkContext) {}

  /**
   * Reads the profile of the events in the store. `relays` (forward proxies, proxy-role.ts) are not
   * users of the destinations they connect to for their clients.
   */
  static async load(sql: Sql, ctx: NetworkContext, relays: readonly string[] = []): Promise<OrgProfile> {
    const p = new OrgProfile(ctx);
    const d = sql.dialect;
    const use = relays.length ? `${USE} AND src NOT IN ${inList(d, relays)}` : USE;
    const [h] = await sql.query(`SELECT ${d.countDistinct('src')} AS n FROM net WHERE ${use}`);
    p.hosts = num(h?.n) || 0;
    for await (const r of sql.stream(`SELECT dkey, ${d.countDistinct('src')} AS n FROM net WHERE ${use} GROUP BY dkey`))
      p.dests.set(String(r.dkey), num(r.n));
    for (const r of await sql.query(
      `SELECT kind, min(ts) AS s, max(ts) AS e FROM net WHERE ts IS NOT NULL GROUP BY kind`,
    ))
      p.span.set(r.kind as NetKind, { start: num(r.s), end: num(r.e) });
    return p;
  }

  /** Registrable domain of a name, the IP itself for an address. */
  destKey(dest: string): string {
    const n = normName(dest);
    return this.ctx.isIp(n) ? n : registrableDomain(n);
  }

  /** Internal hosts seen as clients. */
  hostCount(): number {
    return this.hosts;
  }

  /** How many internal hosts used this destination (name, IP or registrable domain). */
  prevalence(dest: string): number {
    return this.dests.get(this.destKey(dest)) ?? 0;
  }

  /** At most this many hosts make a destination or User-Agent "rare". */
  rareLimit(): number {
    return Math.max(1, Math.min(this.ctx.opts.thresholds.rareHosts, Math.ceil(0.02 * this.hostCount())));
  }

  isRare(dest: string): boolean {
    return this.prevalence(dest) <= this.rareLimit();
  }

  isCommon(dest: string): boolean {
    const n = this.hostCount();
    return n >= 10 && this.prevalence(dest) >= this.ctx.opts.thresholds.commonShare * n;
  }

  /** The last event time of a kind of log (µs), or of all logs. */
  endOf(kind?: NetKind): number {
    if (kind) return this.span.get(kind)?.end ?? NaN;
    let end = -Infinity;
    for (const s of this.span.values()) if (s.end > end) end = s.end;
    return end;
  }

  startOf(kind?: NetKind): number {
    if (kind) return this.span.get(kind)?.start ?? NaN;
    let start = Infinity;
    for (const s of this.span.values()) if (s.start < start) start = s.start;
    return start;
  }
}

/**
 * Loads the workers' batch files into the store in large groups, alongside the reading. One INSERT per
 * small batch costs the store far more than its rows (DuckDB: about 0.1–0.2 s per statement into a
 * growing table, whatever its size), so batch files wait on disk until GROUP_BYTES of them are there and
 * then go in with one statement per table. Workers are answered at once while less than MAX_PENDING_BYTES
 * wait unloaded; beyond that their answers wait for a load to finish (the backpressure that keeps disk
 * and memory bounded when the store is slower than the readers).
 * A file is marked done (state.ts) only after a load that covers all its batches.
 */
import { rmSync } from 'node:fs';
import type { TableName } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

/** batch bytes that make one load */
export const GROUP_BYTES = 96 << 20;
/** batch bytes waiting beyond which workers wait */
export const MAX_PENDING_BYTES = 256 << 20;

export interface PendingBatch {
  table: TableName;
  file: string;
  bytes: number;
}

export class GroupLoader {
  private pending: PendingBatch[] = [];
  private pendingBytes = 0;
  /** answers held back while too much waits */
  private held: Array<() => void> = [];
  /** work to do once everything received so far is loaded (files to mark done) */
  private afterLoad: Array<() => Promise<void>> = [];
  private loading: Promise<void> | undefined;
  private failure: unknown;
  /** seconds spent loading, per table (KONSEKI_TIMING) */
  readonly seconds: Partial<Record<TableName, number>> = {};

  constructor(
    private readonly store: Store,
    private readonly groupBytes = GROUP_BYTES,
    private readonly maxPendingBytes = MAX_PENDING_BYTES,
  ) {}

  /** Takes a worker's batch files; `ack` answers the worker (now, or once a load made room). */
  add(batches: readonly PendingBatch[], ack: () => void): void {
    for (const b of batches) {
      this.pending.push(b);
      this.pendingBytes += b.bytes;
    }
    if (this.failure || this.pendingBytes < this.maxPendingBytes) ack();
    else this.held.push(ack);
    if (this.pendingBytes >= this.groupBytes) this.kick();
  }

  /** Runs `work` after the next load (which covers every batch received so far). */
  whenLoaded(work: () => Promise<void>): void {
    this.afterLoad.push(work);
  }

  private kick(): void {
    if (this.loading) return;
    this.loading = this.loadAll()
      .catch((e) => {
        this.failure ??= e;
        for (const a of this.held.splice(0)) a(); // the workers must not wait for ever (the run fails)
      })
      .finally(() => {
        this.loading = undefined;
        if (!this.failure && this.pendingBytes >= this.groupBytes) this.kick();
      });
  }

  private async loadAll(): Promise<void> {
    const group = this.pending;
    const after = this.afterLoad;
    this.pending = [];
    this.afterLoad = [];
    const byTable = new Map<TableName, string[]>();
    for (const b of group) (byTable.get(b.table) ?? byTable.set(b.table, []).get(b.table)!).push(b.file);
    for (const [table, files] of byTable) {
      const t0 = performance.now();
      await this.store.loadBatches(table, files);
      this.seconds[table] = (this.seconds[table] ?? 0) + (performance.now() - t0) / 1000;
      for (const f of files) rmSync(f, { force: true });
    }
    for (const b of group) this.pendingBytes -= b.bytes;
    while (this.held.length && this.pendingBytes < this.maxPendingBytes) this.held.shift()!();
    for (const w of after) await w();
  }

  /** Loads what is left and runs what waited for it; throws the first failure. */
  async finish(): Promise<void> {
    while (this.loading) await this.loading;
    if (!this.failure && (this.pending.length || this.afterLoad.length)) {
      this.kick();
      while (this.loading) await this.loading;
    }
    if (this.failure) throw this.failure;
  }
}

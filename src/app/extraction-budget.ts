/**
 * One budget for everything a run unpacks from archives, whatever the format and the nesting level.
 * A bomb hides in depth (a 728-byte `.gz.gz.gz` writes gigabytes while each level alone looks
 * reasonable), so the limits apply to cumulative output:
 * - the run as a whole writes at most `maxTotalBytes` and `maxEntries` members;
 * - everything unpacked from one archive of the evidence, at every level below it, is at most
 *   `maxRatio` times its compressed size (plus `ratioSlack`, so tiny archives of logs still open).
 * An archive format gets an ArchiveBudget for the top-level archive and passes the same object down
 * to the archives nested in it; it calls `take` (or pipes through `limiter`) for every byte it writes.
 */
import { Transform } from 'node:stream';

export interface ExtractionLimits {
  /** bytes all archives of a run may write */
  maxTotalBytes: number;
  /** members all archives of a run may hold */
  maxEntries: number;
  /** cumulative output of an evidence archive (all levels) per byte of it */
  maxRatio: number;
  /** bytes any archive may write beyond its ratio */
  ratioSlack: number;
  /** archives within archives followed this deep (an evidence archive is level 1) */
  maxNesting: number;
}

export const ARCHIVE_LIMITS: ExtractionLimits = {
  maxTotalBytes: 64 * 2 ** 30,
  maxEntries: 1_000_000,
  maxRatio: 1000,
  ratioSlack: 1 << 20,
  maxNesting: 3,
};

/** Why extraction must stop; `what` is the message key of the limit that was hit. */
export class BudgetExceeded extends Error {
  readonly limit: 'total' | 'ratio' | 'entries';
  constructor(limit: 'total' | 'ratio' | 'entries', detail: string) {
    super(detail);
    this.name = 'BudgetExceeded';
    this.limit = limit;
  }
}

/** The budget of a whole run. */
export class ExtractionBudget {
  readonly limits: ExtractionLimits;
  written = 0;
  entries = 0;
  constructor(limits: Partial<ExtractionLimits> = {}) {
    this.limits = { ...ARCHIVE_LIMITS, ...limits };
  }
  /** The budget of one archive found in the evidence (not inside another archive). */
  forArchive(compressedBytes: number): ArchiveBudget {
    return new ArchiveBudget(this, compressedBytes);
  }
}

/** The share of the run's budget one evidence archive and everything nested in it may use. */
export class ArchiveBudget {
  readonly run: ExtractionBudget;
  /** cumulative output allowed for this archive and its nested archives */
  readonly allowance: number;
  written = 0;
  constructor(run: ExtractionBudget, compressedBytes: number) {
    this.run = run;
    const l = run.limits;
    this.allowance = Math.max(0, compressedBytes) * l.maxRatio + l.ratioSlack;
  }
  get limits(): ExtractionLimits {
    return this.run.limits;
  }
  /** Bytes that may still be written. */
  get left(): number {
    return Math.max(0, Math.min(this.allowance - this.written, this.run.limits.maxTotalBytes - this.run.written));
  }
  /** Counts `n` bytes about to be written; throws BudgetExceeded (counting nothing) when they would pass a limit. */
  take(n: number): void {
    // refused bytes are not counted: `written` is what was actually written
    if (this.run.written + n > this.run.limits.maxTotalBytes)
      throw new BudgetExceeded('total', `${this.run.limits.maxTotalBytes} bytes`);
    if (this.written + n > this.allowance) throw new BudgetExceeded('ratio', `${this.allowance} bytes`);
    this.written += n;
    this.run.written += n;
  }
  /** The limit that `n` more bytes would pass (for sizes declared before anything is written). */
  exceeded(n: number): BudgetExceeded {
    return this.run.limits.maxTotalBytes - this.run.written < n
      ? new BudgetExceeded('total', `${this.run.limits.maxTotalBytes} bytes`)
      : new BudgetExceeded('ratio', `${this.allowance} bytes`);
  }
  /** Counts one member; throws BudgetExceeded past the run's member limit. */
  entry(): void {
    if (++this.run.entries > this.run.limits.maxEntries)
      throw new BudgetExceeded('entries', String(this.run.limits.maxEntries));
  }
  /** A pass-through stream that counts what flows through it and fails the pipeline past a limit. */
  limiter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        try {
          this.take(chunk.length);
          cb(null, chunk);
        } catch (e) {
          cb(e as Error);
        }
      },
    });
  }
}

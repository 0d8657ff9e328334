/** `konseki dump`: EVTX → JSONL (Rust evtx_dump layout) or XML, in file order, files read in parallel. */
import { closeSync, createWriteStream, openSync, statSync, type WriteStream, writeSync } from 'node:fs';
import { Command, Option } from '@commander-js/extra-typings';
import type { Issue } from '../../core/issue.ts';
import { walkInputs } from '../../core/walk.ts';
import { ByteSink } from '../../sources/evtx/byte-sink.ts';
import { dumpBatches, type DumpJob, type DumpMessage } from '../../sources/evtx/dump-job.ts';
import { CHUNK_SIZE, type EvtxStats, FILE_HEADER_SIZE, newStats } from '../../sources/evtx/reader.ts';
import { t } from '../../i18n/index.ts';
import { msg, tell, terminalSafe } from '../output.ts';
import { options } from '../options.ts';
import { type Progress, startProgress } from '../progress.ts';
import { printIssues } from '../report-issues.ts';
import { KonsekiError } from '../../core/issue.ts';

/** Chunks per job: large files are split so one big log still uses every core. */
const CHUNKS_PER_JOB = 256;

export function dumpCommand() {
  return new Command('dump')
    .description(t('dump.description'))
    .argument('<inputs...>', t('dump.arg.inputs'))
    .addOption(
      new Option('-f, --format <format>', t('dump.opt.format'))
        .choices(['jsonl', 'xml'] as const)
        .default('jsonl' as const),
    )
    .addOption(options.outFile())
    .addOption(options.threads())
    .option('--no-recovered', t('dump.opt.recovered'))
    .action(async (inputs, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      await runDump(inputs, {
        format: opts.format,
        output: opts.output,
        threads: opts.threads,
        recovered: opts.recovered,
        quiet: !!g.quiet,
        verbose: !!g.verbose,
      });
    });
}

export interface DumpOptions {
  format: 'jsonl' | 'xml';
  output?: string;
  threads?: number;
  recovered: boolean;
  quiet: boolean;
  verbose: boolean;
}

export async function runDump(inputs: string[], o: DumpOptions): Promise<void> {
  const started = Date.now();
  const issues: Issue[] = [];
  const files = walkInputs(inputs, issues, (p) => /\.evtx$/i.test(p) || inputs.includes(p));
  if (!files.length) throw new KonsekiError('cli.no_inputs', { paths: inputs.join(', ') });
  const jobs: DumpJob[] = [];
  let totalBytes = 0;
  for (const file of files) {
    const size = statSync(file).size;
    totalBytes += size;
    const chunks = Math.max(1, Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE));
    for (let c = 0; c < chunks; c += CHUNKS_PER_JOB) {
      jobs.push({
        kind: 'evtx-dump',
        file,
        format: o.format,
        chunkFrom: c,
        chunkTo: c + CHUNKS_PER_JOB >= chunks ? undefined : c + CHUNKS_PER_JOB,
        skipRecovered: !o.recovered,
        inFlight: new SharedArrayBuffer(4),
      });
    }
  }
  const progress = startProgress(totalBytes, 'dump', !o.quiet);
  const totals = newStats();
  const add = (stats: EvtxStats): void => {
    for (const k of [
      'chunks',
      'chunksSkipped',
      'chunksEmpty',
      'records',
      'recordsRecovered',
      'recordsSkipped',
    ] as const)
      totals[k] += stats[k];
  };
  // the worker pool loads only when used: one thread reads here, sparing a worker's start-up
  const pool = o.threads === 1 ? undefined : await import('../../app/pool.ts');
  const threads = o.threads ?? pool!.defaultThreads();
  if (threads === 1) await dumpHere(jobs, o.output, issues, progress, add);
  else await dumpInWorkers(jobs, o.output, threads, pool!.runPool, issues, progress, add);
  progress.stop();
  if (!o.quiet) {
    printIssues(issues, o.verbose);
    tell(
      msg('dump.summary', {
        files: files.length,
        records: totals.records,
        recovered: totals.recordsRecovered,
        skipped: totals.recordsSkipped,
        chunks: totals.chunksSkipped,
        issues: issues.filter((i) => i.severity !== 'info').length,
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      }),
    );
  }
}

/**
 * One thread: batches (about 1 MiB each) go out as they are made. A file is written with blocking writes
 * from one reused buffer; stdout gets each batch's own buffer and is waited for when its buffer is full:
 * memory stays flat on slow output.
 */
async function dumpHere(
  jobs: DumpJob[],
  output: string | undefined,
  issues: Issue[],
  progress: Progress,
  add: (stats: EvtxStats) => void,
): Promise<void> {
  const fd = output === undefined ? undefined : openSync(output, 'w');
  // blocking writes to a file: one buffer for every batch of every job
  const sink = fd === undefined ? undefined : new ByteSink(1 << 16);
  // on a terminal, record text is escaped (output.ts); a pipe gets the bytes as they are
  const out = fd === undefined ? terminalSafe(process.stdout) : undefined;
  try {
    for (const job of jobs) {
      const stats = newStats();
      let last = 0;
      const onProgress = (bytes: number): void => {
        progress.add(bytes - last);
        last = bytes;
      };
      for (const b of dumpBatches(job, issues, stats, onProgress, sink)) {
        if (fd !== undefined) {
          for (let done = 0; done < b.bytes.length; ) done += writeSync(fd, b.bytes, done);
        } else if (!out!.write(b.bytes)) {
          await new Promise<void>((r) => out!.once('drain', () => r()));
        }
      }
      add(stats);
    }
    if (out && out !== process.stdout) await new Promise<void>((r) => out.end(() => r()));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Several threads: jobs in workers, their batches written in job order as they arrive (dump-job.ts flow control). */
async function dumpInWorkers(
  jobs: DumpJob[],
  output: string | undefined,
  threads: number,
  runPool: typeof import('../../app/pool.ts').runPool,
  issues: Issue[],
  progress: Progress,
  add: (stats: EvtxStats) => void,
): Promise<void> {
  const out = (output ? createWriteStream(output) : terminalSafe(process.stdout)) as WriteStream;
  const pending = new Map<number, Uint8Array[]>();
  const finished = new Set<number>();
  let head = 0;
  /** Writes a batch; once it is out, the job that made it may post another (dump-job.ts MAX_IN_FLIGHT). */
  const write = (job: number, b: Uint8Array): void => {
    out.write(b, () => {
      const inFlight = new Int32Array(jobs[job]!.inFlight!);
      Atomics.sub(inFlight, 0, 1);
      Atomics.notify(inFlight, 0);
    });
  };
  /** Writes what the head job buffered, and moves past every finished job. */
  const advance = (): void => {
    for (;;) {
      for (const s of pending.get(head) ?? []) write(head, s);
      pending.delete(head);
      if (!finished.has(head)) break;
      head++;
    }
  };
  await runPool(jobs, {
    threads,
    onMessage(job, msg) {
      const m = msg as DumpMessage;
      if (m.type === 'out') {
        if (job === head) write(job, m.bytes);
        else pending.set(job, [...(pending.get(job) ?? []), m.bytes]);
      } else if (m.type === 'progress') {
        progress.add(m.bytes);
      } else {
        add(m.stats);
        issues.push(...m.issues);
      }
    },
    onJobDone(job) {
      finished.add(job);
      if (job === head) advance();
    },
  });
  await new Promise<void>((resolve) => ((out as unknown) !== process.stdout ? out.end(() => resolve()) : resolve()));
}

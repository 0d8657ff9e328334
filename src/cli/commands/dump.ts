/** `konseki dump`: EVTX → JSONL (Rust evtx_dump layout) or XML, in file order, files read in parallel. */
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { Command, Option } from '@commander-js/extra-typings';
import type { Issue } from '../../core/issue.ts';
import { defaultThreads, runPool } from '../../app/pool.ts';
import { walkInputs } from '../../core/walk.ts';
import { dumpBatches, type DumpJob, type DumpMessage } from '../../sources/evtx/dump-job.ts';
import { CHUNK_SIZE, FILE_HEADER_SIZE, newStats } from '../../sources/evtx/reader.ts';
import { t } from '../../i18n/index.ts';
import { msg, tell, terminalSafe } from '../output.ts';
import { options } from '../options.ts';
import { startProgress } from '../progress.ts';
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
  const out = (o.output ? createWriteStream(o.output) : terminalSafe(process.stdout)) as WriteStream;
  const progress = startProgress(totalBytes, 'dump', !o.quiet);
  const totals = newStats();
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
  if ((o.threads ?? defaultThreads()) === 1) {
    // one thread: read here, sparing a worker's start-up, and wait for the output to drain (memory stays flat)
    for (const job of jobs) {
      const stats = newStats();
      let last = 0;
      for (const b of dumpBatches(job, issues, stats, (bytes) => {
        progress.add(bytes - last);
        last = bytes;
      })) {
        if (!out.write(b.bytes)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      for (const k of [
        'chunks',
        'chunksSkipped',
        'chunksEmpty',
        'records',
        'recordsRecovered',
        'recordsSkipped',
      ] as const)
        totals[k] += stats[k];
    }
  } else
    await runPool(jobs, {
      threads: o.threads ?? defaultThreads(),
      onMessage(job, msg) {
        const m = msg as DumpMessage;
        if (m.type === 'out') {
          if (job === head) write(job, m.bytes);
          else pending.set(job, [...(pending.get(job) ?? []), m.bytes]);
        } else if (m.type === 'progress') {
          progress.add(m.bytes);
        } else {
          for (const k of [
            'chunks',
            'chunksSkipped',
            'chunksEmpty',
            'records',
            'recordsRecovered',
            'recordsSkipped',
          ] as const)
            totals[k] += m.stats[k];
          issues.push(...m.issues);
        }
      },
      onJobDone(job) {
        finished.add(job);
        if (job === head) advance();
      },
    });
  progress.stop();
  await new Promise<void>((resolve) =>
    o.output || (out as unknown) !== process.stdout ? out.end(() => resolve()) : resolve(),
  );
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

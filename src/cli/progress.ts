/** A progress bar on stderr for long work; silent when stderr is not a terminal or with --quiet. */
import cliProgress from 'cli-progress';

export interface Progress {
  add(bytes: number): void;
  stop(): void;
}

export function startProgress(totalBytes: number, label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || totalBytes < 8 << 20) return { add() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (b: number): number => Math.round(b / 1e5) / 10;
  let done = 0;
  bar.start(mb(totalBytes), 0);
  return {
    add(bytes) {
      done += bytes;
      bar.update(mb(Math.min(done, totalBytes)));
    },
    stop() {
      bar.stop();
    },
  };
}

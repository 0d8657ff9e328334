/**
 * A progress bar on stderr for long work; silent when stderr is not a terminal or with --quiet. The bar
 * library loads only when a bar is shown (start-up of short runs does not pay for it).
 */
export interface Progress {
  add(bytes: number): void;
  stop(): void;
}

export function startProgress(totalBytes: number, label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || totalBytes < 8 << 20) return { add() {}, stop() {} };
  const mb = (b: number): number => Math.round(b / 1e5) / 10;
  let done = 0;
  let stopped = false;
  let bar: { update(v: number): void; stop(): void } | undefined;
  void import('cli-progress').then(({ default: cliProgress }) => {
    if (stopped) return;
    const b = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    b.start(mb(totalBytes), mb(Math.min(done, totalBytes)));
    bar = b;
  });
  return {
    add(bytes) {
      done += bytes;
      bar?.update(mb(Math.min(done, totalBytes)));
    },
    stop() {
      stopped = true;
      bar?.stop();
    },
  };
}

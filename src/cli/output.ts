/**
 * The only way the CLI writes to its standard streams (test/cli/output.test.ts holds every other file
 * to it). Human text goes through `terminal()` (core/escape.ts): evidence values cannot move the
 * cursor, retitle the window or forge a line. Machine-readable output (CSV, JSONL, XML) stays exact
 * when it goes to a file or a pipe, and is escaped only when a person is looking at it on a terminal.
 */
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { terminal } from '../core/escape.ts';
import { type MessageKey, type Params, t } from '../i18n/index.ts';

/** A line of human text on standard output. */
export function say(text = ''): void {
  process.stdout.write(`${terminal(text, { lines: true })}\n`);
}

/** A line of human text on standard error (messages, summaries, problems). */
export function tell(text: string): void {
  process.stderr.write(`${terminal(text, { lines: true })}\n`);
}

/** A message whose parameters are values (from evidence, from the command line): each is escaped as one line. */
export function msg(code: MessageKey, params: Params = {}): string {
  const safe: Params = {};
  for (const [k, v] of Object.entries(params)) safe[k] = typeof v === 'string' ? terminal(v) : v;
  return t(code, safe);
}

/** One value for a line of human text. */
export const val = (v: unknown): string => terminal(v);

/** Is this stream a terminal (a person reads it)? */
export function isTerminal(stream: Writable | NodeJS.WriteStream): boolean {
  return !!(stream as NodeJS.WriteStream).isTTY;
}

/**
 * Machine-readable text: written as is to files and pipes; on a terminal, controls are made visible
 * (lines kept). Returns what `write` returns (false: wait for 'drain').
 */
export function emit(
  stream: Writable | NodeJS.WriteStream,
  text: string | Buffer,
  encoding: BufferEncoding = 'utf8',
): boolean {
  const w = stream as NodeJS.WritableStream;
  if (!isTerminal(stream)) return typeof text === 'string' ? w.write(text, encoding) : w.write(text);
  const s = typeof text === 'string' ? text : text.toString(encoding);
  return w.write(terminal(s, { lines: true }), encoding);
}

/**
 * The stream itself for a file or a pipe; for a terminal, a stream in front of it that makes controls
 * visible (UTF-8 decoded across chunk boundaries). For writers that stream bytes (dump).
 */
export function terminalSafe<S extends Writable | NodeJS.WriteStream>(stream: S): S | Writable {
  if (!isTerminal(stream)) return stream;
  const decoder = new StringDecoder('utf8');
  const target = stream as NodeJS.WritableStream;
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      const ok = target.write(terminal(decoder.write(chunk), { lines: true }));
      if (ok) cb();
      else target.once('drain', () => cb());
    },
    final(cb) {
      target.write(terminal(decoder.end(), { lines: true }));
      cb();
    },
  });
}

/** The values of one row of machine-readable output: exact for a file or a pipe, each one line on a terminal. */
export function cells<T>(stream: Writable | NodeJS.WriteStream, row: T[]): Array<T | string> {
  return isTerminal(stream) ? row.map((v) => (typeof v === 'string' ? terminal(v) : v)) : row;
}

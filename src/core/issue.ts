/**
 * Problems found while reading evidence or rules are values, not exceptions: every reader collects
 * them with a stable code and a location, counts what it skipped, and goes on.
 */
import type { MessageKey } from '../i18n/index.ts';

export interface Location {
  file: string;
  offset?: number;
  line?: number;
  col?: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  /** stable code, also the key of the message in the i18n tables, e.g. "evtx.chunk_crc" */
  code: MessageKey;
  severity: Severity;
  at: Location;
  /** values interpolated into the localized message */
  params?: Record<string, string | number>;
}

export function issue(code: MessageKey, at: Location, params?: Issue['params'], severity: Severity = 'warning'): Issue {
  return params ? { code, severity, at, params } : { code, severity, at };
}

export function formatLocation(at: Location): string {
  let s = at.file;
  if (at.line !== undefined) s += `:${at.line}${at.col !== undefined ? `:${at.col}` : ''}`;
  if (at.offset !== undefined) s += ` @0x${at.offset.toString(16)}`;
  return s;
}

/** An error that stops a command: it carries a message code and is printed localized by the CLI. */
export class KonsekiError extends Error {
  readonly code: MessageKey;
  readonly params: Record<string, string | number>;
  constructor(code: MessageKey, params: Record<string, string | number> = {}, cause?: unknown) {
    super(`${code} ${JSON.stringify(params)}`, cause === undefined ? undefined : { cause });
    this.name = 'KonsekiError';
    this.code = code;
    this.params = params;
  }
}

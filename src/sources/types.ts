/**
 * The contract every evidence reader implements. Triage walks the evidence, asks each reader to
 * sniff a file's first bytes (content, not name, decides; the name is only a hint), and reads the
 * file with the reader that is most confident. A reader yields normalized events, never throws for
 * bad input, and reports problems as issues with file and offset/line.
 */
import type { Event } from '../core/event.ts';
import type { Issue } from '../core/issue.ts';
import type { LineRange } from './lines.ts';
import type { YearAnchor } from './year.ts';

export interface ReadContext {
  /** where problems go; count what was skipped */
  issues: Issue[];
  /** path shown to the user and written to evidence refs (may differ from the path read, e.g. inside an archive) */
  displayPath: string;
  /** bytes consumed so far, for progress bars (call now and then, not per line) */
  onProgress?: (bytes: number) => void;
  /** the file's modification time in epoch µs: the last resort for the year of year-less time stamps */
  mtimeUs?: number;
  /** the dated evidence of the same host (or case) that year-less time stamps are placed next to */
  yearAnchor?: YearAnchor;
  /** IANA time zone for local-time formats (default UTC) */
  timeZone?: string;
  /** read only this part of the file (readers that say `splittable`) */
  range?: LineRange;
  /**
   * For readers with `readsSiblings`: the files beside this one (display path → path to read). Archive
   * members are unpacked under numbered names, so their display paths are the only way to find them.
   */
  siblings?: Readonly<Record<string, string>>;
}

export interface ReadSummary {
  /** records/lines read and turned into events */
  events: number;
  /** records/lines skipped as unreadable */
  skipped: number;
}

export interface SourceReader {
  /** format id, also Event.source.format, e.g. "evtx", "wtmp", "squid" */
  id: string;
  /** the reader also reads the files in its file's directory (through ReadContext.siblings) */
  readsSiblings?: boolean;
  /** 0 (not mine) .. 1 (certain), from the first bytes (up to 64 KiB) and the file name */
  sniff(head: Buffer, name: string): number;
  /** an uncompressed file can be read in parts (ReadContext.range), each on its own */
  splittable?: boolean;
  /** streams events from a file opened read-only */
  read(path: string, ctx: ReadContext): Iterable<Event> | AsyncIterable<Event>;
}

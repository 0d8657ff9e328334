/**
 * The raw record behind an event: for EVTX, the record's XML read again from the evidence file (opened
 * read-only, only the one 64 KiB chunk that holds it); for text logs, the line as the reader kept it
 * (`message`). Only files the case store lists as evidence are opened.
 */
import { existsSync } from 'node:fs';
import type { Issue } from '../core/issue.ts';
import { readEvtx, recordToXml } from '../sources/evtx/index.ts';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../sources/evtx/reader.ts';

export interface RawRecord {
  kind: 'xml' | 'line' | 'none';
  text: string;
  /** why there is none */
  reason?: 'missing' | 'not-found' | 'unknown-file';
}

/** Raw records longer than this are cut (an XML record is a few KiB; a hostile one may be larger). */
export const MAX_RAW = 256 * 1024;

export function rawRecord(
  e: { format?: unknown; file?: unknown; offset?: unknown; fields?: unknown },
  evidence: Set<string>,
): RawRecord {
  const file = typeof e.file === 'string' ? e.file : '';
  if (e.format === 'evtx') {
    const offset = Number(e.offset);
    if (!file || !evidence.has(file)) return { kind: 'none', text: '', reason: 'unknown-file' };
    if (!existsSync(file)) return { kind: 'none', text: '', reason: 'missing' };
    if (!Number.isSafeInteger(offset) || offset < FILE_HEADER_SIZE)
      return { kind: 'none', text: '', reason: 'not-found' };
    const chunk = Math.floor((offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
    const issues: Issue[] = [];
    for (const rec of readEvtx(file, issues, undefined, { chunkFrom: chunk, chunkTo: chunk + 1 })) {
      if (rec.offset === offset) return { kind: 'xml', text: recordToXml(rec.root).slice(0, MAX_RAW) };
    }
    return { kind: 'none', text: '', reason: 'not-found' };
  }
  let fields: Record<string, unknown> = {};
  if (typeof e.fields === 'string') {
    try {
      fields = JSON.parse(e.fields) as Record<string, unknown>;
    } catch {
      fields = {};
    }
  } else if (e.fields && typeof e.fields === 'object') fields = e.fields as Record<string, unknown>;
  const line = fields.message;
  if (typeof line === 'string') return { kind: 'line', text: line.slice(0, MAX_RAW) };
  return { kind: 'none', text: '', reason: 'not-found' };
}

/**
 * `konseki export`: a case directory to the formats other tools ingest. Each format exports some of
 * the case's contents (`what`): the timeline (detections), the events, the findings, or the
 * indicators. Rows stream from the store to the output; only findings and indicators (a few
 * thousand at most) are held in memory.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { falsePositives, readReview } from '../case/review.ts';
import { KonsekiError } from '../core/issue.ts';
import { CaseStore } from '../store/duckdb.ts';
import { fileSink, streamSink, type Sink } from './common.ts';
import { detectionDoc, eventDoc, findingDoc } from './ecs.ts';
import { DEFAULT_HAYABUSA_PROFILE, HAYABUSA_PROFILES, needsProvider, writeHayabusa } from './hayabusa.ts';
import { caseIndicators } from './indicators.ts';
import { mispEvent } from './misp.ts';
import { detectionToOcsf, findingToOcsf } from './ocsf.ts';
import * as q from './queries.ts';
import { stixBundle } from './stix.ts';
import {
  DETECTION_COLUMNS,
  detectionRecord,
  eventColumns,
  eventRecord,
  findingRecord,
  writeTimesketch,
} from './timesketch.ts';
import type { Flat } from './common.ts';
import './messages.ts';

export const EXPORT_FORMATS = [
  'timesketch',
  'timesketch-csv',
  'ecs',
  'ocsf',
  'stix',
  'misp',
  'hayabusa-jsonl',
  'hayabusa-csv',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_WHAT = ['timeline', 'events', 'findings', 'indicators'] as const;
export type ExportWhat = (typeof EXPORT_WHAT)[number];

/** What each format can carry; the first is the default. */
export const FORMAT_WHAT: Record<ExportFormat, readonly ExportWhat[]> = {
  timesketch: ['timeline', 'events', 'findings'],
  'timesketch-csv': ['timeline', 'events', 'findings'],
  ecs: ['timeline', 'events', 'findings'],
  ocsf: ['findings', 'timeline'],
  stix: ['indicators'],
  misp: ['indicators'],
  'hayabusa-jsonl': ['timeline'],
  'hayabusa-csv': ['timeline'],
};

export const HAYABUSA_PROFILE_NAMES = Object.keys(HAYABUSA_PROFILES);

export interface ExportOptions {
  caseDir: string;
  format: ExportFormat;
  what?: ExportWhat;
  /** output file; undefined or "-" writes to stdout */
  out?: string;
  /** Hayabusa output profile */
  profile?: string;
  /** zone of Hayabusa timestamps */
  timeZone: string;
  /** lowest rule level of the timeline */
  minLevel?: string;
  lang: 'en' | 'ja';
  /** konseki's version, written into the documents */
  version: string;
  /** indicators: only the confirmed ones */
  confirmedOnly?: boolean;
  /** the time the export is made (tests pin it) */
  now?: Date;
}

export interface ExportResult {
  format: ExportFormat;
  what: ExportWhat;
  rows: number;
  out: string;
}

export function resolveWhat(format: ExportFormat, what: ExportWhat | undefined): ExportWhat {
  const allowed = FORMAT_WHAT[format];
  const w = what ?? allowed[0]!;
  if (!allowed.includes(w)) throw new KonsekiError('export.bad_what', { format, what: w, allowed: allowed.join(', ') });
  return w;
}

export async function runExport(o: ExportOptions): Promise<ExportResult> {
  const what = resolveWhat(o.format, o.what);
  const profile = o.profile ?? DEFAULT_HAYABUSA_PROFILE;
  if (o.format.startsWith('hayabusa') && !HAYABUSA_PROFILES[profile])
    throw new KonsekiError('export.bad_profile', { profile, allowed: HAYABUSA_PROFILE_NAMES.join(', ') });
  if (!existsSync(o.caseDir)) throw new KonsekiError('cli.not_found', { path: o.caseDir });
  const dbPath = join(o.caseDir, 'case.duckdb');
  if (!existsSync(dbPath)) throw new KonsekiError('export.no_store', { path: dbPath });
  const store = await CaseStore.open(dbPath);
  const toStdout = o.out === undefined || o.out === '-';
  const sink: Sink = toStdout ? streamSink(process.stdout, false) : fileSink(o.out!);
  try {
    const rows = await exportTo(store, sink, { ...o, what, profile });
    return { format: o.format, what, rows, out: toStdout ? '-' : o.out! };
  } finally {
    await sink.close();
    store.close();
  }
}

/** Writes one export to `sink`; returns the number of rows (documents, indicators). */
export async function exportTo(
  store: CaseStore,
  sink: Sink,
  o: ExportOptions & { what: ExportWhat; profile: string },
): Promise<number> {
  const now = o.now ?? new Date();
  const caseFile = q.caseFile(o.caseDir);
  const caseId = caseFile.case_id ?? basename(o.caseDir);
  // what the analyst marked false positive (review.json, from `konseki serve`) is not exported
  const fp = falsePositives(readReview(o.caseDir));
  const minLevel = o.minLevel;
  const det = { minLevel, exclude: fp };
  switch (o.format) {
    case 'hayabusa-jsonl':
    case 'hayabusa-csv':
      return writeHayabusa(q.detections(store, { ...det, withProvider: needsProvider(o.profile) }), sink, {
        profile: o.profile,
        timeZone: o.timeZone,
        csv: o.format === 'hayabusa-csv',
      });
    case 'timesketch':
    case 'timesketch-csv': {
      const csv = o.format === 'timesketch-csv';
      if (o.what === 'timeline')
        return writeTimesketch(map(q.detections(store, det), detectionRecord), sink, {
          csv,
          columns: DETECTION_COLUMNS,
        });
      if (o.what === 'findings') {
        const rows = (await q.findings(store, fp)).map((f) => findingRecord(f, o.lang));
        return writeTimesketch(rows, sink, { csv, columns: unionKeys(rows) });
      }
      const keep = eventColumns(await q.eventFieldNames(store));
      const kept = new Set(keep);
      const base = ['hostname', 'source_format', 'evidence_file', 'record_number', 'line_number', 'offset'];
      const plaso = ['computer_name', 'event_identifier', 'source_name', 'user_sid', 'event_level'];
      return writeTimesketch(
        map(q.events(store), (e) => eventRecord(e, kept)),
        sink,
        { csv, columns: [...base, ...plaso, ...keep, 'other_fields'] },
      );
    }
    case 'ecs': {
      if (o.what === 'timeline') return writeLines(map(q.detections(store, det), detectionDoc), sink);
      if (o.what === 'events') return writeLines(map(q.events(store), eventDoc), sink);
      return writeLines(
        (await q.findings(store, fp)).map((f) => findingDoc(f, o.lang)),
        sink,
      );
    }
    case 'ocsf': {
      const ctx = { version: o.version, now: now.getTime(), lang: o.lang };
      if (o.what === 'timeline')
        return writeLines(
          map(q.detections(store, det), (d) => detectionToOcsf(d, ctx)),
          sink,
        );
      return writeLines(
        (await q.findings(store, fp)).map((f) => findingToOcsf(f, ctx, caseId)),
        sink,
      );
    }
    case 'stix':
    case 'misp': {
      let indicators = caseIndicators(await q.findings(store, fp), caseFile);
      if (o.confirmedOnly) indicators = indicators.filter((i) => i.confirmed);
      const doc =
        o.format === 'stix'
          ? stixBundle(indicators, { caseId, version: o.version, now: now.toISOString() })
          : mispEvent(indicators, {
              caseId,
              title: caseFile.title,
              version: o.version,
              nowSeconds: Math.floor(now.getTime() / 1000),
            });
      await sink.write(`${JSON.stringify(doc, null, 2)}\n`);
      return indicators.length;
    }
  }
}

async function* map<T, U>(rows: AsyncIterable<T>, f: (t: T) => U): AsyncGenerator<U> {
  for await (const r of rows) yield f(r);
}

function unionKeys(rows: Flat[]): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  return [...keys];
}

async function writeLines(docs: AsyncIterable<unknown> | Iterable<unknown>, sink: Sink): Promise<number> {
  let buf = '';
  let n = 0;
  for await (const d of docs) {
    buf += `${JSON.stringify(d)}\n`;
    n++;
    if (buf.length >= 1 << 16) {
      await sink.write(buf);
      buf = '';
    }
  }
  await sink.write(buf);
  return n;
}

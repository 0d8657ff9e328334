/** Triage of the same Windows events as .evtx and as JSON exports, and what to compare between them. */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CaseStore } from '../../../src/store/duckdb.ts';
import { konseki } from '../../support/cli.ts';
import { convertEvtx, type JsonForm } from '../../support/winjson-convert.ts';

export const FORMS: JsonForm[] = ['evtx-json', 'winlogbeat', 'splunk'];
/** the reader id each form is read by */
export const READER: Record<JsonForm, string> = {
  'evtx-json': 'evtx-json',
  winlogbeat: 'winlogbeat',
  splunk: 'splunk-wineventlog',
  'splunk-classic': 'splunk-wineventlog',
};

export function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.toLowerCase().endsWith('.evtx')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every .evtx under `src` converted to `form`, in the same tree under `dest`; returns the record count. */
export function convertTree(src: string, dest: string, form: JsonForm): number {
  let n = 0;
  for (const f of evtxFiles(src)) {
    const out = join(dest, relative(src, f)).replace(/\.evtx$/i, '.json');
    mkdirSync(join(out, '..'), { recursive: true });
    n += convertEvtx(f, out, form);
  }
  return n;
}

export function triage(evidence: string, out: string, extra: string[] = []): void {
  const r = konseki(['-q', 'triage', evidence, '-o', out, '--timezone', 'UTC', ...extra]);
  if (r.code !== 0) throw new Error(`triage failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
}

/**
 * The detections of a case, one line each, without the evidence file (the same event comes from
 * another file): rule, time, computer, channel, event id, EventRecordID, Details, ExtraFieldInfo.
 * The record is named by its EventRecordID: a .evtx detection carries the record header's number,
 * which differs from EventRecordID in re-written logs, and a JSON export has only EventRecordID.
 * `msTime`: times cut to the millisecond (Winlogbeat keeps milliseconds).
 */
export async function detectionLines(caseDir: string, msTime = false): Promise<string[]> {
  const store = await CaseStore.open(join(caseDir, 'case.duckdb'));
  try {
    const rows = await store.query(
      `SELECT d.ts, d.rule_id, d.level, d.host, d.channel, d.event_id,
         coalesce((SELECT any_value(e.fields->>'EventRecordID') FROM events e WHERE e.file = d.file AND e.record = d.record_id),
                  CAST(d.record_id AS VARCHAR)) AS record_id, d.details, d.extra
       FROM detections d`,
    );
    return rows
      .map((r) =>
        JSON.stringify([
          msTime && r.ts !== null ? Math.floor(Number(r.ts) / 1000) : r.ts,
          r.rule_id,
          r.level,
          r.host,
          r.channel,
          r.event_id,
          r.record_id,
          r.details,
          r.extra,
        ]),
      )
      .sort();
  } finally {
    store.close();
  }
}

/** Producers that look at the .evtx file itself (record numbers and headers), not at the events. */
const FILE_PRODUCERS = new Set(['windows-log-integrity']);

/** The findings of a case, one line each, file names reduced to their base name without extension. */
export function findingLines(caseDir: string, msTime = false): string[] {
  const cut = (s: string): string => (msTime ? s.replace(/(\.\d{3})\d{3}Z/g, '$1Z') : s);
  return readFileSync(join(caseDir, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((f) => !FILE_PRODUCERS.has(String(f.producer)))
    .map((f) =>
      cut(
        JSON.stringify([f.kind, f.severity, f.host, f.peer, f.first_seen, f.last_seen, f.count, f.producer, f.attack]),
      ),
    )
    .sort();
}

export const stem = (p: string): string => basename(p).replace(/\.(evtx|json)$/i, '');

/**
 * The analyses of a case, over its store (after triage has read the evidence, and again for `konseki
 * hunt`): the network analyses as SQL over the `net` table, the analyses of host events replayed to
 * them from the store in time order (only the events they want, a chunk at a time, never all in
 * memory), and the findings that per-file analyzers left while reading. Writes the findings table.
 */
import type { Event, Fields } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';
import type { Issue } from '../core/issue.ts';
import { networkFindings } from '../analytics/network/index.ts';
import { hostAnalyzers, iocsOf, networkContextOf, type EngineInit } from '../app/engine.ts';
import { Correlator, correlationDetection } from '../sigma/correlate.ts';
import type { CorrelationInput } from '../sigma/types.ts';
import { cleanJson } from '../store/batch.ts';
import type { Store } from '../store/store.ts';
import { detectionRow } from './job.ts';

export type AnalyzeTiming = (what: string) => void;

/** Events the host analyses want, in time order (ties: file, then position in the file). */
export const HOST_EVENTS = `SELECT ts, host, format, file, record, line, "offset", product, category, service, fields
  FROM events WHERE want ORDER BY ts NULLS FIRST, file, seq`;

/** An event as it was read, from a row of HOST_EVENTS. */
export function eventOf(r: unknown[]): Event {
  const [ts, host, format, file, record, line, offset, product, category, service, fields] = r as Array<
    string | number | null
  >;
  const e: Event = {
    ts: ts === null ? NaN : Number(ts),
    source: { format: String(format), file: String(file) },
    logsource: {},
    fields: JSON.parse(String(fields)) as Fields,
  };
  if (host !== null) e.host = String(host);
  if (record !== null) e.source.record = Number(record);
  if (line !== null) e.source.line = Number(line);
  if (offset !== null) e.source.offset = Number(offset);
  if (product !== null) e.logsource.product = String(product);
  if (category !== null) e.logsource.category = String(category);
  if (service !== null) e.logsource.service = String(service);
  return e;
}

/** The correlation rules of the run over the inputs their base rules left while reading; their hits are stored. */
export async function correlate(store: Store, init: EngineInit): Promise<number> {
  if (!init.ruleDocs.some((d) => d.kind === 'correlation')) return 0;
  await store.run('DELETE FROM detections WHERE seq IS NULL');
  const c = new Correlator(init.ruleDocs);
  for await (const [input] of store.streamRows(
    'SELECT input FROM correlation_inputs ORDER BY ts NULLS FIRST, file, input',
  ))
    c.add(JSON.parse(String(input)) as CorrelationInput);
  const rows = c.finish().map((r) => detectionRow(correlationDetection(r), null));
  return store.insert('detections', rows);
}

/** A total order of findings: by first time, then what they are about. */
export function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding): string => `${f.kind}\u0000${f.host ?? ''}\u0000${f.peer ?? ''}\u0000${f.summary_en}`;
  return findings.sort(
    (a, b) =>
      (Number.isFinite(a.first_seen) ? a.first_seen : -Infinity) -
        (Number.isFinite(b.first_seen) ? b.first_seen : -Infinity) ||
      a.last_seen - b.last_seen ||
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}

/** Every analysis over the store; the findings are written to its findings table and returned. */
export async function analyzeCase(
  store: Store,
  init: EngineInit,
  issues: Issue[],
  lap: AnalyzeTiming = () => undefined,
): Promise<Finding[]> {
  const iocs = iocsOf(init, issues);
  const findings: Finding[] = [];
  const timing: Record<string, number> | undefined = process.env.KONSEKI_TIMING ? {} : undefined;
  const cpu0 = process.cpuUsage();
  findings.push(...(await networkFindings(store, networkContextOf(init, issues), iocs, { timing })));
  const cpu = process.cpuUsage(cpu0);
  if (timing) timing.cpu = (cpu.user + cpu.system) / 1e6;
  if (timing)
    process.stderr.write(
      `[timing] network analyses: ${Object.entries(timing)
        .map(([k, s]) => `${k} ${s.toFixed(2)}`)
        .join(', ')}\n`,
    );
  lap('network analyses (SQL)');
  const analyzers = hostAnalyzers(init, iocs);
  for await (const r of store.streamRows(HOST_EVENTS)) {
    const e = eventOf(r);
    for (const a of analyzers) if (a.wants(e)) a.add(e);
  }
  for (const a of analyzers) findings.push(...a.finish());
  for await (const [f] of store.streamRows('SELECT finding FROM file_findings'))
    findings.push(JSON.parse(String(f)) as Finding);
  lap('host analyses (events replayed from the store)');
  sortFindings(findings);
  await store.run('DELETE FROM findings');
  await store.insert('findings', findings.map(findingRow));
  return findings;
}

export function findingRow(f: Finding): unknown[] {
  return [
    f.kind,
    f.severity,
    f.host,
    f.peer,
    Number.isFinite(f.first_seen) ? Math.round(f.first_seen) : null,
    Number.isFinite(f.last_seen) ? Math.round(f.last_seen) : null,
    f.count,
    f.summary_en,
    f.summary_ja,
    f.producer,
    f.attack ?? [],
    cleanJson(f.evidence),
    cleanJson(f.details ?? {}),
  ];
}

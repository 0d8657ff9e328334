/**
 * Timeline queries: one filter language over detections (`det`, the default) and every event (`ev`),
 * answered a page at a time from the workspace indexes (index-tables.ts), with a separate count and a
 * histogram, so that a case with millions of rows stays fast. Every browser value is a bound parameter.
 */
import { createHash } from 'node:crypto';
import { type Db, type Param, type Row, W } from './db.ts';

export type TimelineSource = 'det' | 'ev';
export const REVIEW_FILTERS = ['all', 'hide-fp', 'fp', 'confirmed', 'needs-work', 'unreviewed'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export interface TimelineFilter {
  src: TimelineSource;
  /** epoch µs, inclusive */
  from?: number;
  /** epoch µs, exclusive */
  to?: number;
  /** composite host names (or raw host values) */
  hosts?: string[];
  account?: string;
  addr?: string;
  /** lowest level shown (detections) */
  level?: string;
  /** part of a rule title, or a rule id (detections) */
  rule?: string;
  /** text anywhere in the row */
  q?: string;
  eventId?: string;
  channel?: string;
  format?: string;
  review?: ReviewFilter;
}

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

class Where {
  readonly parts: string[] = [];
  readonly params: Param[] = [];
  p(v: Param): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  add(sql: string): void {
    this.parts.push(sql);
  }
  sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

function where(f: TimelineFilter, alias: string, textTable?: string): Where {
  const w = new Where();
  const c = (col: string): string => `${alias}.${col}`;
  if (f.from !== undefined) w.add(`${c('ts')} >= ${w.p(f.from)}`);
  if (f.to !== undefined) w.add(`${c('ts')} < ${w.p(f.to)}`);
  if (f.hosts?.length)
    w.add(`(${f.hosts.map((h) => `${c('hkey')} = ${w.p(h)} OR ${c('host')} = ${w.p(h)}`).join(' OR ')})`);
  if (f.account) {
    const a = f.account.toLowerCase().replace(/^.*\\/, '');
    w.add(`list_contains(${c('accounts')}, ${w.p(a)})`);
  }
  if (f.addr) w.add(`list_contains(${c('addrs')}, ${w.p(f.addr.toLowerCase().replace(/^::ffff:/, ''))})`);
  if (f.eventId) w.add(`CAST(${c('event_id')} AS VARCHAR) = ${w.p(f.eventId)}`);
  if (f.channel) w.add(`${c('channel')} = ${w.p(f.channel)}`);
  if (f.src === 'ev') {
    if (f.format) w.add(`${c('format')} = ${w.p(f.format)}`);
    if (textTable) w.add(`${c('id')} IN (SELECT id FROM ${W}.${textTable})`);
    return w;
  }
  const min = f.level ? LEVELS.indexOf(f.level) : -1;
  if (min > 0) w.add(`${c('lrank')} >= ${w.p(min)}`);
  if (f.rule) {
    const r = w.p(f.rule.toLowerCase());
    w.add(`(contains(lower(${c('rule_title')}), ${r}) OR lower(${c('rule_id')}) = ${r})`);
  }
  if (f.q) w.add(`contains(${c('txt')}, ${w.p(f.q.toLowerCase())})`);
  const review = f.review ?? 'all';
  const marked = (status?: string): string =>
    `${c('rkey')} IN (SELECT key FROM ${W}.w_review${status ? ` WHERE status = ${w.p(status)}` : ''})`;
  if (review === 'hide-fp') w.add(`NOT ${marked('false-positive')}`);
  else if (review === 'fp') w.add(marked('false-positive'));
  else if (review === 'confirmed' || review === 'needs-work') w.add(marked(review));
  else if (review === 'unreviewed') w.add(`NOT ${marked()}`);
  return w;
}

const FROM_DET = `${W}.w_det d`;
const FROM_EV = `${W}.w_ev d`;

export const DETECTION_COLUMNS = [
  'ts',
  'level',
  'rule_title',
  'host',
  'hkey',
  'channel',
  'event_id',
  'record_id',
  'details',
  'extra',
  'accounts',
  'addrs',
  'rule_id',
  'tags',
  'file',
] as const;

/**
 * Free text over every event is a scan of all their JSON (hundreds of MB on a large case): the ids that
 * match are kept in a scratch table per text (the last few texts), so that the count, the histogram and
 * every further page of the same search cost no second scan.
 */
const textCache = new WeakMap<Db, Map<string, Promise<string>>>();
const TEXT_TABLES = 6;

async function textTable(db: Db, q: string): Promise<string> {
  let cache = textCache.get(db);
  if (!cache) textCache.set(db, (cache = new Map()));
  const key = q.toLowerCase();
  let t = cache.get(key);
  if (t) {
    cache.delete(key);
    cache.set(key, t);
    return t;
  }
  const name = `w_text_${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
  t = db
    .run(
      `CREATE OR REPLACE TABLE ${W}.${name} AS SELECT rowid AS id FROM events WHERE contains(lower(CAST(fields AS VARCHAR)), $1)`,
      [key],
    )
    .then(() => name);
  t.catch(() => cache.delete(key));
  cache.set(key, t);
  while (cache.size > TEXT_TABLES) {
    const [oldest, table] = cache.entries().next().value as [string, Promise<string>];
    cache.delete(oldest);
    void table.then((n) => db.run(`DROP TABLE IF EXISTS ${W}.${n}`)).catch(() => undefined);
  }
  return t;
}

async function whereOf(db: Db, f: TimelineFilter): Promise<Where> {
  return where(f, 'd', f.src === 'ev' && f.q ? await textTable(db, f.q) : undefined);
}

/**
 * One page of rows in time order (`desc` for newest first). Detections carry their review status.
 * The events index is stored in time order, so an ascending page is read in storage order (DuckDB keeps
 * insertion order without ORDER BY) and stops after the page instead of sorting every match.
 */
export async function timelinePage(
  db: Db,
  f: TimelineFilter,
  offset: number,
  limit: number,
  desc = false,
): Promise<Row[]> {
  const w = await whereOf(db, f);
  const order = desc ? 'ORDER BY d.ts DESC NULLS LAST, d.id DESC' : 'ORDER BY d.ts NULLS FIRST, d.id';
  const page = `LIMIT ${w.p(limit)} OFFSET ${w.p(offset)}`;
  if (f.src === 'det') {
    // the page is cut first (in stored time order unless a semi-join may reorder), then joined with its marks
    const sorted = desc || (f.review !== undefined && f.review !== 'all');
    return db.rows(
      `SELECT p.*, r.status AS review FROM (
         SELECT d.id, ${DETECTION_COLUMNS.map((c) => `d.${c}`).join(', ')}, d.rkey AS key
           FROM ${W}.w_det d ${w.sql()} ${sorted ? order : ''} ${page}) p
       LEFT JOIN ${W}.w_review r ON r.key = p.key
       ORDER BY ${desc ? 'p.ts DESC NULLS LAST, p.id DESC' : 'p.ts NULLS FIRST, p.id'}`,
      w.params,
    );
  }
  // a semi-join (free text) may not keep the scan's order: sort then
  const sorted = desc || !!f.q;
  return db.rows(
    `SELECT d.id, d.ts, d.host, d.hkey, d.format, d.channel, d.event_id, d.accounts, d.addrs, d.summary, d.file
       FROM ${FROM_EV} ${w.sql()} ${sorted ? order : ''} ${page}`,
    w.params,
  );
}

export async function timelineCount(db: Db, f: TimelineFilter): Promise<number> {
  const w = await whereOf(db, f);
  const r = await db.rows(`SELECT count(*) AS n FROM ${f.src === 'det' ? FROM_DET : FROM_EV} ${w.sql()}`, w.params);
  return Number(r[0]?.n ?? 0);
}

/** Row counts in `buckets` equal time slices between the filter's (or the data's) first and last time. */
export async function timelineHistogram(
  db: Db,
  f: TimelineFilter,
  buckets: number,
): Promise<{ from: number; to: number; width: number; counts: number[]; levels?: number[][] }> {
  const base = f.src === 'det' ? FROM_DET : FROM_EV;
  let from = f.from;
  let to = f.to;
  if (from === undefined || to === undefined) {
    const w = await whereOf(db, f);
    const r = (await db.rows(`SELECT min(d.ts) AS a, max(d.ts) AS b FROM ${base} ${w.sql()}`, w.params))[0];
    from ??= r?.a === null || r?.a === undefined ? undefined : Number(r.a);
    to ??= r?.b === null || r?.b === undefined ? undefined : Number(r.b) + 1;
  }
  if (from === undefined || to === undefined || !(to > from)) return { from: 0, to: 0, width: 0, counts: [] };
  const width = Math.max(1, Math.ceil((to - from) / buckets));
  const w = await whereOf(db, { ...f, from, to });
  const fromP = w.p(from);
  const widthP = w.p(width);
  const level = f.src === 'det' ? ', d.lrank' : ', 0';
  const rows = await db.rows(
    `SELECT CAST(floor((d.ts - ${fromP}) / ${widthP}) AS INTEGER) AS b ${level} AS l, count(*) AS n
       FROM ${base} ${w.sql()} GROUP BY ALL`,
    w.params,
  );
  const counts = new Array<number>(buckets).fill(0);
  const levels = LEVELS.map(() => new Array<number>(buckets).fill(0));
  for (const r of rows) {
    const b = Math.min(buckets - 1, Math.max(0, Number(r.b)));
    counts[b]! += Number(r.n);
    levels[Number(r.l)]![b]! += Number(r.n);
  }
  return { from, to, width, counts, ...(f.src === 'det' ? { levels } : {}) };
}

const VALUE_COLUMNS: Record<string, { src: TimelineSource; col: string }> = {
  host: { src: 'det', col: 'hkey' },
  rule: { src: 'det', col: 'rule_title' },
  level: { src: 'det', col: 'level' },
  channel: { src: 'ev', col: 'channel' },
  format: { src: 'ev', col: 'format' },
  'ev-host': { src: 'ev', col: 'hkey' },
};

/** The most frequent values of a column, for the filter pickers. */
export async function topValues(db: Db, field: string, limit = 300): Promise<Array<{ value: string; n: number }>> {
  const v = VALUE_COLUMNS[field];
  if (!v) return [];
  const rows = await db.rows(
    `SELECT ${v.col} AS value, count(*) AS n FROM ${v.src === 'det' ? `${W}.w_det` : `${W}.w_ev`}
      WHERE ${v.col} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ value: String(r.value), n: Number(r.n) }));
}

/** A detection with its event (when the store has it). */
export async function detectionById(db: Db, id: number): Promise<Row | undefined> {
  const rows = await db.rows(
    `SELECT d.id, ${DETECTION_COLUMNS.map((c) => `d.${c}`).join(', ')}, d.rkey AS key, r.status AS review, d.eid,
            (SELECT author FROM detections WHERE rowid = $1) AS author,
            (SELECT rule_file FROM detections WHERE rowid = $1) AS rule_file
       FROM ${W}.w_det d LEFT JOIN ${W}.w_review r ON r.key = d.rkey WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}

export async function eventById(db: Db, id: number): Promise<Row | undefined> {
  const rows = await db.rows(
    `SELECT e.rowid AS id, e.ts, e.host, coalesce(h.hkey, e.host) AS hkey, e.format, e.file, e.record, e.line,
            e."offset", e.product, e.category, e.service, e.channel, e.event_id, e.fields
       FROM events e LEFT JOIN ${W}.w_hosts h ON h.raw = e.host WHERE e.rowid = $1`,
    [id],
  );
  return rows[0];
}

/** Detections made from an event (shown with the event). */
export async function detectionsOfEvent(db: Db, id: number): Promise<Row[]> {
  return db.rows(
    `SELECT d.id, d.ts, d.level, d.rule_title, d.rule_id, d.rkey AS key, r.status AS review
       FROM ${W}.w_det d LEFT JOIN ${W}.w_review r ON r.key = d.rkey WHERE d.eid = $1 ORDER BY d.lrank DESC LIMIT 100`,
    [id],
  );
}

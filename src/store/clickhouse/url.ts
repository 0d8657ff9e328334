/**
 * `--store clickhouse://[user[:password]@]host:port/database`: where a case lives in ClickHouse. The
 * password comes from the URL or from KONSEKI_CLICKHOUSE_PASSWORD; whatever is shown or recorded (messages,
 * case files, the custody log) goes through `redactStoreUrl` / `serverOf`, which never carry it.
 */
import { KonsekiError } from '../../core/issue.ts';
import './messages.ts';

export interface ClickHouseTarget {
  /** the HTTP endpoint, without credentials */
  http: string;
  /** host:port, for messages */
  server: string;
  user: string;
  password: string;
  database: string;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/;

export function isStoreUrl(v: string): boolean {
  return /^clickhouse:\/\//i.test(v);
}

export function parseStoreUrl(v: string, env: Record<string, string | undefined> = process.env): ClickHouseTarget {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new KonsekiError('clickhouse.bad_url', { url: redactStoreUrl(v) });
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'konseki';
  if (u.protocol !== 'clickhouse:' || !u.hostname || !NAME.test(database))
    throw new KonsekiError('clickhouse.bad_url', { url: redactStoreUrl(v) });
  const port = u.port || '8123';
  const server = `${u.hostname}:${port}`;
  return {
    http: `http://${server}`,
    server,
    user: decodeURIComponent(u.username) || 'default',
    password: u.password ? decodeURIComponent(u.password) : (env.KONSEKI_CLICKHOUSE_PASSWORD ?? ''),
    database,
  };
}

/** The URL with its password replaced by *** (also when it does not parse). */
export function redactStoreUrl(v: string): string {
  return v.replace(/^(clickhouse:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** A command line with every store URL redacted (for the custody log). */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a) =>
    isStoreUrl(a) ? redactStoreUrl(a) : a.replace(/(=)(clickhouse:\/\/.*)$/i, (_, eq, u) => eq + redactStoreUrl(u)),
  );
}

/** A case ID: letters, digits, _ and -, up to 63 characters (it names a database). */
export function checkCaseId(id: string): string {
  if (!NAME.test(id)) throw new KonsekiError('clickhouse.bad_case', { id });
  return id;
}

/**
 * The case store as the rest of konseki sees it: SQL over the case's tables (schema.ts) plus bulk loading.
 * DuckDB (duckdb.ts) is the embedded implementation; a ClickHouse one (issue 17) implements the same.
 */
import type { Sql } from '../analytics/sql.ts';
import { CaseStore, type StoreOptions } from './duckdb.ts';
import type { TableName } from './schema.ts';

export interface Store extends Sql {
  readonly path: string;
  /** loads a batch file written by a BatchWriter for the table's columns */
  loadBatch(table: TableName, file: string, json?: readonly string[]): Promise<number>;
  /**
   * loads several batch files of one table at once (triage groups its batches: one statement per small
   * batch costs a store far more than its rows); the files are BatchWriter TSV, as for loadBatch
   */
  loadBatches(table: TableName, files: readonly string[], json?: readonly string[]): Promise<number>;
  /** inserts a few rows (values in column order) */
  insert(table: TableName, rows: readonly (readonly unknown[])[], json?: readonly string[]): Promise<number>;
  count(table: TableName): Promise<number>;
  /** rows as arrays in the query's column order (cheaper than objects for big results) */
  streamRows(sql: string): AsyncIterable<unknown[]>;
  /** makes everything written so far durable in the store file */
  checkpoint(): Promise<void>;
  close(): void;
}

export type { StoreOptions };

/** Opens the case store at `path` (case.duckdb). */
export function openStore(path: string, o: StoreOptions = {}): Promise<Store> {
  return CaseStore.open(path, o);
}

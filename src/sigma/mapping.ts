/**
 * The logsource/field mapping layer: data in mappings/*.yml (and any files the user adds) says which events
 * a rule's logsource covers and how Sigma field names map onto them. Resolution: the mapping entries whose
 * logsource keys all equal the rule's are candidates, and the most specific ones win; a logsource no entry
 * matches covers the events whose own logsource has the same product/category/service (identity).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { LogSource } from '../core/event.ts';
import { issue, type Issue } from '../core/issue.ts';
import type { LogsourceMapping, Mapping, SourceTarget } from './types.ts';

/** The mappings/ directory shipped with konseki (found upwards from this module: src/sigma or dist/). */
export function defaultMappingDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const cand = join(dir, 'mappings');
    if (existsSync(join(cand, 'windows.yml'))) return cand;
    dir = dirname(dir);
  }
  return undefined;
}

/** Loads mapping files (directories: every .yml in them, in name order). Later files add and override. */
export function loadMapping(paths: string[] = [], issues: Issue[] = []): Mapping {
  const files: string[] = [];
  const def = defaultMappingDir();
  for (const p of def ? [def, ...paths] : paths) {
    try {
      if (existsSync(p) && !/\.ya?ml$/i.test(p))
        files.push(
          ...readdirSync(p)
            .filter((n) => /\.ya?ml$/i.test(n))
            .sort()
            .map((n) => join(p, n)),
        );
      else files.push(p);
    } catch (e) {
      issues.push(issue('sigma.mapping_unreadable', { file: p }, { reason: (e as Error).message }, 'error'));
    }
  }
  const mapping: Mapping = { logsources: [], aliases: {}, placeholders: {}, files: [] };
  for (const f of files) {
    let data: unknown;
    try {
      data = parse(readFileSync(f, 'utf8'));
    } catch (e) {
      issues.push(
        issue('sigma.mapping_unreadable', { file: f }, { reason: (e as Error).message.split('\n')[0]! }, 'error'),
      );
      continue;
    }
    mergeMapping(mapping, data, f, issues);
    mapping.files.push(f);
  }
  return mapping;
}

function lower(ls: unknown): LogSource {
  const o = (ls ?? {}) as Record<string, unknown>;
  const out: LogSource = {};
  for (const k of ['product', 'category', 'service'] as const)
    if (typeof o[k] === 'string' && o[k]) out[k] = (o[k] as string).toLowerCase();
  return out;
}

export function mergeMapping(mapping: Mapping, data: unknown, file: string, issues: Issue[]): void {
  if (!data || typeof data !== 'object') return;
  const d = data as Record<string, unknown>;
  for (const [product, table] of Object.entries((d.aliases ?? {}) as Record<string, Record<string, unknown>>)) {
    const t = (mapping.aliases[product.toLowerCase()] ??= {});
    for (const [k, v] of Object.entries(table ?? {})) if (typeof v === 'string') t[k] = v;
  }
  for (const [k, v] of Object.entries((d.placeholders ?? {}) as Record<string, unknown>)) {
    mapping.placeholders[k] = (Array.isArray(v) ? v : [v]).map(String);
  }
  const list = Array.isArray(d.logsources) ? d.logsources : [];
  list.forEach((entry: unknown, i: number) => {
    const e = entry as { logsource?: unknown; targets?: unknown };
    if (!e || typeof e !== 'object' || !Array.isArray(e.targets)) {
      issues.push(issue('sigma.mapping_bad_entry', { file }, { index: i }, 'warning'));
      return;
    }
    const targets: SourceTarget[] = (e.targets as Array<Record<string, unknown>>).map((t, j) => ({
      name: typeof t.name === 'string' ? t.name : `${file}#${i}.${j}`,
      logsource: t.logsource ? lower(t.logsource) : undefined,
      channel: Array.isArray(t.channel) ? t.channel.map(String) : undefined,
      provider: Array.isArray(t.provider) ? t.provider.map(String) : undefined,
      eventid: Array.isArray(t.eventid) ? t.eventid.map(Number).filter(Number.isFinite) : undefined,
      fields: t.fields && typeof t.fields === 'object' ? (t.fields as SourceTarget['fields']) : undefined,
      missing: Array.isArray(t.missing) ? t.missing.map(String) : undefined,
    }));
    mapping.logsources.push({ logsource: lower(e.logsource), targets });
  });
}

function covers(entry: LogSource, rule: LogSource): boolean {
  for (const k of ['product', 'category', 'service'] as const)
    if (entry[k] !== undefined && entry[k] !== rule[k]) return false;
  return true;
}

/** The sources a rule's logsource covers. */
export function targetsFor(ls: LogSource, mapping: Mapping): { targets: SourceTarget[]; mapped: boolean } {
  let best: LogsourceMapping[] = [];
  let bestKeys = 0;
  for (const m of mapping.logsources) {
    if (!covers(m.logsource, ls)) continue;
    const keys = Object.keys(m.logsource).length;
    if (keys === 0) continue;
    if (keys > bestKeys) {
      best = [m];
      bestKeys = keys;
    } else if (keys === bestKeys) best.push(m);
  }
  if (best.length) {
    const seen = new Set<string>();
    const targets: SourceTarget[] = [];
    for (const m of best)
      for (const t of m.targets)
        if (!seen.has(t.name)) {
          seen.add(t.name);
          targets.push(t);
        }
    return { targets, mapped: true };
  }
  return { targets: [{ name: logsourceKey(ls) || 'any', logsource: { ...ls } }], mapped: false };
}

export function logsourceKey(ls: LogSource): string {
  return [ls.product ?? '', ls.category ?? '', ls.service ?? ''].join('/').replace(/^\/+|\/+$/g, '');
}

/** The event field a rule field names: target renames, then product aliases, then Hayabusa's `Event.*` paths. */
export function aliasFor(field: string, product: string | undefined, mapping: Mapping): string {
  const table = (product && mapping.aliases[product]) || undefined;
  const aliased = table?.[field] ?? mapping.aliases['*']?.[field];
  if (aliased) return aliased;
  const m = /^Event\.(?:System|EventData|UserData)\.(.+)$/.exec(field);
  if (!m) return field;
  const path = m[1]!.replace(/_attributes\./g, '_');
  return path.split('.').pop()!;
}

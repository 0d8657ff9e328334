/** The load report of `konseki rules check`: what loaded, what did not and why, where each rule runs. */
import type { Issue } from '../core/issue.ts';
import { logsourceKey, targetsFor } from './mapping.ts';
import type { LoadReport, Mapping, RuleDoc, RuleSet } from './types.ts';

export interface LogsourceRow {
  logsource: string;
  rules: number;
  /** rules of this logsource that will run (compiled for at least one source) */
  running: number;
  /** the mapping's source names, or empty when unmapped (identity) */
  sources: string[];
  mapped: boolean;
}

export interface CheckSummary {
  files: number;
  documents: number;
  loaded: LoadReport['loaded'];
  rejected: number;
  /** rejected documents by reason code */
  byReason: Array<{ code: string; count: number }>;
  rejections: Issue[];
  /** loaded rules that will not run, by reason code (placeholders, sources without the needed fields …) */
  notRun: Array<{ code: string; count: number }>;
  notRunIssues: Issue[];
  warnings: Issue[];
  /** rules whose regexes run on re2js */
  re2js: number;
  byLogsource: LogsourceRow[];
  byStatus: Record<string, number>;
  seconds: number;
  cached: number;
}

const NOT_RUN = new Set([
  'sigma.placeholder_unset',
  'sigma.no_source',
  'sigma.needs_missing_fields',
  'sigma.compile_failed',
]);

export function summarize(docs: RuleDoc[], report: LoadReport, ruleSet: RuleSet, mapping: Mapping): CheckSummary {
  const rejections = report.issues.filter((i) => i.severity === 'error');
  const notRunIssues = ruleSet.issues.filter((i) => NOT_RUN.has(i.code));
  const rows = new Map<string, LogsourceRow>();
  const byStatus: Record<string, number> = {};
  for (const d of docs) {
    if (d.kind !== 'rule') continue;
    byStatus[d.status ?? '-'] = (byStatus[d.status ?? '-'] ?? 0) + 1;
    const key = logsourceKey(d.logsource) || '(none)';
    let row = rows.get(key);
    if (!row) {
      const { targets, mapped } = targetsFor(d.logsource, mapping);
      row = { logsource: key, rules: 0, running: 0, sources: mapped ? targets.map((t) => t.name) : [], mapped };
      rows.set(key, row);
    }
    row.rules++;
    if (ruleSet.rules.has(d.index)) row.running++;
  }
  const re2jsFiles = new Set(
    report.issues.filter((i) => i.code === 'sigma.regex_re2js').map((i) => `${i.at.file}:${i.at.line}`),
  );
  return {
    files: report.files,
    documents: report.documents,
    loaded: report.loaded,
    rejected: rejections.length,
    byReason: countBy(rejections),
    rejections,
    notRun: countBy(notRunIssues),
    notRunIssues,
    warnings: [...report.issues, ...ruleSet.issues].filter((i) => i.severity === 'warning' && !NOT_RUN.has(i.code)),
    re2js: re2jsFiles.size,
    byLogsource: [...rows.values()].sort((a, b) => b.rules - a.rules || a.logsource.localeCompare(b.logsource)),
    byStatus,
    seconds: report.seconds,
    cached: report.cached,
  };
}

function countBy(issues: Issue[]): Array<{ code: string; count: number }> {
  const m = new Map<string, number>();
  for (const i of issues) m.set(i.code, (m.get(i.code) ?? 0) + 1);
  return [...m].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count);
}

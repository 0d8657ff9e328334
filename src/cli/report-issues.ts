/** Prints problems found in the evidence to stderr, localized, grouped by file. */
import { formatLocation, type Issue } from '../core/issue.ts';
import { t } from '../i18n/index.ts';

export function printIssues(issues: Issue[], verbose: boolean, limit = 20): void {
  const shown = issues.filter((i) => verbose || i.severity !== 'info');
  if (!shown.length) return;
  process.stderr.write(`${t('issues.header', { count: shown.length })}\n`);
  const max = verbose ? shown.length : limit;
  for (const i of shown.slice(0, max)) {
    process.stderr.write(
      `  ${i.severity === 'error' ? '✗' : '!'} ${formatLocation(i.at)}: ${t(i.code, i.params ?? {})}\n`,
    );
  }
  if (shown.length > max) process.stderr.write(`  ${t('issues.more', { count: shown.length - max })}\n`);
}

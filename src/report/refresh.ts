/** Later case commands (notes, phases, containment, respond) bring a case's report up to date. */
import { existsSync } from 'node:fs';
import { CaseDir } from '../case/case-dir.ts';
import { displayZone } from '../case/settings.ts';
import { getLang, type Lang } from '../i18n/index.ts';
import { modelFromCaseDir } from './from-case-dir.ts';
import { writeReport } from './write.ts';

/**
 * Rewrites report.html/report.md of `dir` when triage wrote them there; in the case's language and
 * display zone (its settings in case.json). Returns the files written (none when the case has no report).
 */
export async function refreshReport(dir: string, tool: string): Promise<string[]> {
  const c = new CaseDir(dir);
  if (!existsSync(c.path('report.html'))) return [];
  const s = c.settings();
  const lang: Lang = s.lang ?? getLang();
  const model = await modelFromCaseDir(dir, {
    lang,
    timeZone: displayZone(s),
    tool,
    verify: false,
  });
  const files = writeReport(model, c.dir);
  return [files.html, files.md];
}

/** Later case commands (notes, phases, containment, respond) bring a case's report up to date. */
import { existsSync } from 'node:fs';
import { CaseDir } from '../case/case-dir.ts';
import { localTimeZone } from '../core/time-format.ts';
import { getLang, type Lang } from '../i18n/index.ts';
import { modelFromCaseDir } from './from-case-dir.ts';
import { writeReport } from './write.ts';

/**
 * Rewrites report.html/report.md of `dir` when triage wrote them there; in the language and zone triage
 * used. Returns the files written (none when the case has no report).
 */
export async function refreshReport(dir: string, tool: string): Promise<string[]> {
  const c = new CaseDir(dir);
  if (!existsSync(c.path('report.html'))) return [];
  const cf = c.caseFile();
  const lang: Lang = cf.report?.lang === 'ja' || cf.report?.lang === 'en' ? cf.report.lang : getLang();
  const model = await modelFromCaseDir(dir, {
    lang,
    timeZone: cf.report?.time_zone ?? localTimeZone(),
    tool,
    verify: false,
  });
  const files = writeReport(model, c.dir);
  return [files.html, files.md];
}

/** Later case commands (notes, phases, containment, respond) bring a case's report up to date. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCaseFile } from '../case/case-file.ts';
import { localTimeZone } from '../core/time-format.ts';
import { getLang, type Lang } from '../i18n/index.ts';
import { modelFromCaseDir } from './from-case-dir.ts';
import { writeReport } from './write.ts';

/** Rewrites report.html/report.md of `dir` when triage wrote them there; in the language and zone triage used. */
export async function refreshReport(dir: string, tool: string): Promise<boolean> {
  if (!existsSync(join(dir, 'report.html'))) return false;
  const cf = readCaseFile(dir);
  const lang: Lang = cf.report?.lang === 'ja' || cf.report?.lang === 'en' ? cf.report.lang : getLang();
  const model = await modelFromCaseDir(dir, {
    lang,
    timeZone: cf.report?.time_zone ?? localTimeZone(),
    tool,
    verify: false,
  });
  writeReport(model, dir);
  return true;
}

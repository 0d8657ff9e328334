/** Later case commands (notes, phases, containment, respond) bring a case's report up to date. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCaseFile } from '../case/case-file.ts';
import { displayZone, settingsOf } from '../case/settings.ts';
import { getLang, type Lang } from '../i18n/index.ts';
import { modelFromCaseDir } from './from-case-dir.ts';
import { writeReport } from './write.ts';

/** Rewrites report.html/report.md of `dir` when triage wrote them there; in the case's language and display zone (settings in case.json). */
export async function refreshReport(dir: string, tool: string): Promise<boolean> {
  if (!existsSync(join(dir, 'report.html'))) return false;
  const s = settingsOf(readCaseFile(dir));
  const lang: Lang = s.lang ?? getLang();
  const model = await modelFromCaseDir(dir, {
    lang,
    timeZone: displayZone(s),
    tool,
    verify: false,
  });
  writeReport(model, dir);
  return true;
}

/** Writes report.html and report.md of a model into a directory, each atomically (whole or not at all). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReportModel } from './model.ts';

export function writeReport(m: ReportModel, dir: string): { html: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const html = join(dir, 'report.html');
  const md = join(dir, 'report.md');
  writeFileAtomic(html, renderHtml(m));
  writeFileAtomic(md, renderMarkdown(m));
  return { html, md };
}

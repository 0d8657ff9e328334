/**
 * Plain indicator lists: one value per line (IP, CIDR, domain, URL, hash; defanged forms accepted).
 * Blank lines and lines starting with "#", ";" or "//" are comments. After the value, a comment
 * ("1.2.3.4  # C2 of X", "evil.example,phishing", "hash<TAB>name") becomes the indicator's label.
 */
import { issue, type Issue } from '../core/issue.ts';
import type { IocSet } from './set.ts';
import { classify } from './values.ts';

export function loadPlain(text: string, file: string, set: IocSet, issues: Issue[]): void {
  const lines = text.split('\n');
  let reported = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
      .replace(/\r$/, '')
      .replace(/^\uFEFF/, '')
      .trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || line.startsWith('//')) continue;
    const ws = line.search(/\s/);
    let value = ws < 0 ? line : line.slice(0, ws);
    let label: string | undefined = ws < 0 ? '' : line.slice(ws).trim();
    if (!value.includes('://')) {
      const sep = value.search(/[,|;]/);
      if (sep > 0) {
        label = `${value.slice(sep + 1)} ${label}`.trim();
        value = value.slice(0, sep);
      }
    }
    label =
      label
        .replace(/^[,|;]\s*/, '')
        .replace(/^(?:#|\/\/)\s*/, '')
        .trim() || undefined;
    // quoted CSV-ish values ("1.2.3.4","label")
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) value = value.slice(1, -1);
    if (label?.startsWith('"') && label.endsWith('"') && label.length > 1) label = label.slice(1, -1);
    const c = classify(value);
    if (!c) {
      set.stats.rejected++;
      if (reported++ < 50)
        issues.push(issue('ioc.unrecognized', { file, line: i + 1 }, { value: value.slice(0, 120) }));
      continue;
    }
    set.add({
      value: c.value,
      type: c.type,
      source: file,
      line: i + 1,
      label,
      raw: value !== c.value ? value : undefined,
    });
  }
  if (reported > 50) issues.push(issue('ioc.unrecognized_more', { file }, { count: reported - 50 }));
}

/**
 * Every Japanese output of the demo case read as a Japanese CSIRT reads it: the triage summary, the findings,
 * the report (Markdown and HTML), RESPONSE.md, `logons` and `case show`. No time stamp in a sentence is an ISO
 * UTC stamp, no English message (or Windows code name) is left untranslated, only the glossary's terms are
 * used, and no space sits between a unit and the Japanese after it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGON_TYPES, STATUS_CODES } from '../../src/analytics/windows/codes.ts';
import { dynamicKey, hasMessage, messageKeys, t } from '../../src/i18n/index.ts';
import { konseki } from '../support/cli.ts';
import { avoidedTerms, loadAllTables, readGlossary } from '../support/messages.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-ja-'));
const caseDir = join(dir, 'case');
const ja = (args: string[]) => konseki(['--lang', 'ja', ...args], { TZ: 'UTC' });

/** name → the Japanese text a person reads */
const outputs = new Map<string, string>();
/** the finding kinds of the demo case */
const kinds: string[] = [];

beforeAll(async () => {
  await loadAllTables();
  const demo = ja(['demo', '-o', dir]);
  expect(demo.code, demo.stderr).toBe(0);
  outputs.set('triage summary', demo.stderr);
  const findings = readFileSync(join(caseDir, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; summary_ja: string });
  outputs.set('findings.jsonl summary_ja', findings.map((f) => f.summary_ja).join('\n'));
  kinds.push(...new Set(findings.map((f) => f.kind)));
  const respond = ja(['respond', '--case', caseDir, '--level', 'cnc-only']);
  expect(respond.code, respond.stderr).toBe(0);
  outputs.set('respond', respond.stderr);
  outputs.set('RESPONSE.md', readFileSync(join(caseDir, 'respond', 'RESPONSE.md'), 'utf8'));
  expect(ja(['case', 'phase', '--case', caseDir, 'C', 'start']).code).toBe(0);
  expect(ja(['case', 'contain', '--case', caseDir, 'applied', 'S5']).code).toBe(0);
  const report = ja(['case', 'report', '--case', caseDir]);
  expect(report.code, report.stderr).toBe(0);
  outputs.set('report.md', readFileSync(join(caseDir, 'report.md'), 'utf8'));
  const html = readFileSync(join(caseDir, 'report.html'), 'utf8')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  outputs.set('report.html', html);
  const logons = ja(['logons', join(dir, 'evidence')]);
  expect(logons.code, logons.stderr).toBe(0);
  outputs.set('logons', logons.stdout);
  const show = ja(['case', 'show', '--case', caseDir]);
  expect(show.code, show.stderr).toBe(0);
  outputs.set('case show', show.stdout);
}, 600_000);

/** Literal pieces of an English message long enough to be words of a sentence (and not also in its Japanese). */
function englishPieces(): Array<{ key: string; piece: string }> {
  const out: Array<{ key: string; piece: string }> = [];
  for (const key of messageKeys('en')) {
    const en = t(dynamicKey(key), {}, 'en');
    const jaText = t(dynamicKey(key), {}, 'ja');
    for (const raw of en.split(/\{\w+\}/)) {
      const piece = raw.trim().replace(/^[\s:;,.()–—-]+|[\s:;,.()–—-]+$/g, '');
      if ((piece.match(/[A-Za-z]{2,}/g) ?? []).length < 3 || jaText.includes(piece)) continue;
      out.push({ key, piece });
    }
  }
  return out;
}

describe('Japanese outputs of the demo case', () => {
  it('cover the outputs a responder reads', () => {
    expect([...outputs.keys()].sort()).toEqual(
      [
        'case show',
        'findings.jsonl summary_ja',
        'logons',
        'report.html',
        'report.md',
        'respond',
        'RESPONSE.md',
        'triage summary',
      ].sort(),
    );
    for (const [name, text] of outputs) expect([name, /[\u3040-\u30ff]/.test(text)]).toEqual([name, true]);
  });

  it('show times in the zone of the case, never as ISO UTC stamps in sentences', () => {
    const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/;
    for (const [name, text] of outputs) expect([name, text.match(iso)?.[0]]).toEqual([name, undefined]);
    // the demo's zone, inferred from the evidence, whatever this machine's
    expect(outputs.get('triage summary')).toContain('組織のタイムゾーン: Asia/Tokyo');
    expect(outputs.get('report.md')).toMatch(/\d{2}:\d{2}:\d{2}\.\d{3} \+09:00/);
  });

  it('leave no English message, logon type or failure reason untranslated', () => {
    const pieces = englishPieces();
    expect(pieces.length).toBeGreaterThan(500);
    const codes = [...Object.values(LOGON_TYPES), ...Object.values(STATUS_CODES)]
      // 'System' and 'success' are also words of channel names and finding kinds (brute-force-success)
      .filter((w) => w.en !== w.ja && w.en !== 'System' && w.en !== 'success')
      .map((w) => new RegExp(`(?<![A-Za-z-])${w.en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z-])`));
    for (const [name, text] of outputs) {
      const left = pieces.filter((p) => text.includes(p.piece)).map((p) => `${p.key}: ${p.piece}`);
      expect([name, left]).toEqual([name, []]);
      const words = codes.filter((re) => re.test(text)).map(String);
      expect([name, words]).toEqual([name, []]);
    }
  });

  it('name every finding kind in Japanese (the kind itself stays in machine-readable fields)', () => {
    expect(kinds.length).toBeGreaterThan(20);
    expect(kinds.filter((k) => !hasMessage(`kind.${k}`, 'ja'))).toEqual([]);
    const summary = outputs.get('triage summary')!;
    expect(summary).toContain('ブルートフォース攻撃の成功');
    expect(summary).not.toMatch(/所見: [a-z]/);
  });

  it('use only the glossary terms', () => {
    const g = readGlossary();
    for (const [name, text] of outputs) expect([name, avoidedTerms(text, g)]).toEqual([name, []]);
  });

  it('put no space between a unit and the Japanese word after it', () => {
    const spaced = /(?:[秒分日件回台個]|時間) (?:前|後|間隔|の間|以内|ごと)/;
    for (const [name, text] of outputs) expect([name, text.match(spaced)?.[0]]).toEqual([name, undefined]);
  });
});

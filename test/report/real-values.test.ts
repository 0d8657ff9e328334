/**
 * Real attacker-made values in the report: command lines, script blocks and URLs read by konseki's EVTX
 * reader from the EVTX-ATTACK-SAMPLES execution and lateral-movement corpora, and the URLs and hosts of
 * a real Squid access.log, rendered as timeline rows, C&C peers and hosts. Every value must come out
 * as the same text, and nothing else than konseki's own markup may appear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/issue.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { cut, visible } from '../../src/core/escape.ts';
import type { ReportModel } from '../../src/report/model.ts';
import { evtxEvents } from '../../src/sources/evtx/index.ts';
import { corpusDir } from '../support/corpus.ts';
import { PYTHON, tokenize } from './dom.ts';

const samples = corpusDir('evtx', 'EVTX-ATTACK-SAMPLES');
const squid = corpusDir('network', 'squid', 'elastic-beats');

function realValues(): { values: string[]; urls: string[] } {
  const values = new Set<string>();
  for (const sub of ['Execution', 'Lateral Movement']) {
    for (const f of readdirSync(join(samples!, sub))
      .filter((n) => n.endsWith('.evtx'))
      .sort()) {
      const issues: Issue[] = [];
      for (const e of evtxEvents(join(samples!, sub, f), issues)) {
        for (const k of [
          'CommandLine',
          'ParentCommandLine',
          'ScriptBlockText',
          'Image',
          'TargetFilename',
          'QueryName',
        ]) {
          const v = e.fields[k];
          if (typeof v === 'string' && v.length > 3) values.add(v);
        }
        if (values.size > 600) break;
      }
    }
  }
  const urls = readFileSync(join(squid!, 'access1.log'), 'utf8')
    .split('\n')
    .map((l) => l.split(/\s+/)[6])
    .filter((u): u is string => !!u);
  return { values: [...values], urls: [...new Set(urls)] };
}

const ready = !!samples && !!squid && !!PYTHON;

describe.skipIf(!ready)('real log values in report.html and report.md', () => {
  // read at collection only when the suite runs: a fresh clone has no corpus
  const { values, urls } = ready ? realValues() : { values: [], urls: [] };
  const T0 = Date.UTC(2026, 0, 1) * 1000;
  const model: ReportModel = {
    meta: {
      caseId: 'real',
      generatedAt: '2026-01-02T00:00:00Z',
      tool: 'konseki test',
      lang: 'ja',
      timeZone: 'Asia/Tokyo',
    },
    hosts: urls
      .slice(0, 30)
      .map((u, i) => ({ name: u, verdict: i % 2 ? 'suspicious' : 'compromised', first_seen: T0 + i })),
    edges: urls.slice(0, 30).map((u, i) => ({ from: urls[(i + 1) % 30]!, to: u, kind: 'lateral', label: values[i] })),
    findings: [],
    timeline: values.map((v, i) => ({
      ts: T0 + i * 1e6,
      host: 'PC-07',
      level: 'high',
      title: 'Process creation',
      details: v,
    })),
    cnc: urls.map((u) => ({ peer: u, kind: 'c2', hosts: ['PC-07'] })),
  };

  it('keeps every value as text in HTML', () => {
    expect(values.length).toBeGreaterThan(100);
    const t = tokenize(renderHtml(model));
    expect(t.tags.some(([tag]) => ['script', 'img', 'iframe', 'object', 'form', 'link', 'base'].includes(tag))).toBe(
      false,
    );
    for (const [, attrs] of t.tags) for (const [name] of attrs) expect(name.startsWith('on')).toBe(false);
    for (const v of [...values, ...urls])
      expect([v.slice(0, 60), t.text.includes(visible(cut(v).replace(/\r\n?/g, '\n')))]).toEqual([
        v.slice(0, 60),
        true,
      ]);
  });

  it('keeps every table row of the Markdown whole', () => {
    const md = renderMarkdown(model);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    const timelineRows = rows.filter((l) => l.includes('Process creation'));
    expect(timelineRows.length).toBe(values.length);
    for (const r of timelineRows) expect(r.replace(/\\\|/g, '').split('|').length - 2).toBe(6);
  });
});

// Loading: files, multi-document YAML, Sigma 1 collections, references, the cache, and reasons for rejection.
import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../core/issue.ts';
import { loadRuleSet } from './loader.ts';
import { docsFromText } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-sigma-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = (title: string, id: string) =>
  `title: ${title}\nid: ${id}\nstatus: test\nlevel: high\nauthor: A. Author\ntags:\n    - attack.t1059\nlogsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: 4624\n    condition: sel\n`;

describe('documents', () => {
  it('every document of a multi-document file is read, with its metadata', () => {
    const docs = docsFromText([ok('One', 'a1'), ok('Two', 'a2')].join('---\n'));
    expect(docs.map((d) => [d.title, d.id, d.level, d.status, d.author, d.tags])).toEqual([
      ['One', 'a1', 'high', 'test', 'A. Author', ['attack.t1059']],
      ['Two', 'a2', 'high', 'test', 'A. Author', ['attack.t1059']],
    ]);
    expect(docs[1]!.pos.line).toBe(16);
  });
  it('Sigma 1 collections: action global is merged into each following document', () => {
    const text = `action: global\ntitle: Base\nlogsource:\n    product: windows\n    service: security\ndetection:\n    condition: sel\n---\ndetection:\n    sel:\n        EventID: 1\n---\ntitle: Other\ndetection:\n    sel:\n        EventID: 2\n`;
    const docs = docsFromText(text);
    expect(docs.map((d) => d.title)).toEqual(['Base', 'Other']);
    expect(docs.every((d) => d.kind === 'rule' && d.logsource.service === 'security')).toBe(true);
  });
  it('Hayabusa extras (details, ruletype) are kept', () => {
    const [d] = docsFromText(`${ok('H', 'h1')}details: 'User: %TargetUserName%'\nruletype: Hayabusa\n`);
    expect(d).toMatchObject({ details: 'User: %TargetUserName%', ruletype: 'Hayabusa' });
  });
});

describe('rejections carry a reason, file, line and column', () => {
  const errors = (text: string): Issue[] => {
    const issues: Issue[] = [];
    docsFromText(text, issues, 'bad.yml');
    return issues.filter((i) => i.severity === 'error');
  };
  it('YAML errors, duplicate keys', () => {
    expect(errors('title: [unclosed\n')[0]).toMatchObject({
      code: 'sigma.yaml_error',
      at: { file: 'bad.yml', line: 2, col: 1 },
    });
    expect(errors('title: a\ntitle: b\nlogsource: {}\ndetection: {condition: x}\n')[0]!.code).toBe('sigma.yaml_error');
  });
  it('not a rule, missing title or logsource, no condition', () => {
    expect(errors('foo: bar\n')[0]!.code).toBe('sigma.not_a_rule');
    expect(errors('logsource: {product: x}\ndetection:\n    s: {A: 1}\n    condition: s\n')[0]).toMatchObject({
      code: 'sigma.missing_field',
      params: { field: 'title' },
    });
    expect(errors('title: t\ndetection:\n    s: {A: 1}\n    condition: s\n')[0]).toMatchObject({
      code: 'sigma.missing_field',
      params: { field: 'logsource' },
    });
    expect(errors('title: t\nlogsource: {product: x}\ndetection:\n    s: {A: 1}\n')[0]).toMatchObject({
      code: 'sigma.missing_condition',
      at: { line: 4 },
    });
  });
  it('a bad modifier is located at its key', () => {
    expect(
      errors(
        'title: t\nlogsource: {product: x}\ndetection:\n    s:\n        A: 1\n        Image|endwith: x\n    condition: s\n',
      )[0],
    ).toMatchObject({ code: 'sigma.unknown_modifier', at: { line: 6, col: 9 }, params: { modifier: 'endwith' } });
  });
  it('a correlation naming rules that are not loaded is rejected', () => {
    const c =
      'title: c\ncorrelation:\n    type: event_count\n    rules: [nope]\n    group-by: [User]\n    timespan: 5m\n    condition: {gte: 2}\n';
    expect(errors(c)[0]!.code).toBe('sigma.correlation_unknown_rule');
    expect(errors(c.replace('timespan: 5m', 'timespan: 5 minutes'))[0]!.code).toBe('sigma.bad_timespan');
    expect(errors(c.replace('event_count', 'event_sum'))[0]!.code).toBe('sigma.correlation_type');
  });
  it('correlations referring to each other in a cycle are rejected', () => {
    const a =
      'title: a\nname: a\ncorrelation:\n    type: temporal\n    rules: [b]\n    group-by: [User]\n    timespan: 5m\n';
    const b =
      'title: b\nname: b\ncorrelation:\n    type: temporal\n    rules: [a]\n    group-by: [User]\n    timespan: 5m\n';
    expect(errors(`${a}---\n${b}`).map((e) => e.code)).toEqual(['sigma.correlation_cycle', 'sigma.correlation_cycle']);
  });
});

describe('directories and the parse cache', () => {
  it('loads .yml and .yaml recursively, reports every file, and reuses unchanged files from the cache', () => {
    const rules = join(dir, 'rules');
    mkdirSync(join(rules, 'sub'), { recursive: true });
    writeFileSync(join(rules, 'a.yml'), ok('A', 'id-a'));
    writeFileSync(join(rules, 'sub', 'b.yaml'), ok('B', 'id-b'));
    writeFileSync(join(rules, 'sub', 'bad.yml'), 'title: [\n');
    writeFileSync(join(rules, 'README.md'), '# not a rule');
    const cacheDir = join(dir, 'cache');
    const first = loadRuleSet([rules], { cacheDir });
    expect(first.report).toMatchObject({ files: 3, documents: 3, loaded: { rules: 2 }, cached: 0 });
    expect(first.report.issues.filter((i) => i.severity === 'error').map((i) => i.at.file)).toEqual([
      join(rules, 'sub', 'bad.yml'),
    ]);
    const second = loadRuleSet([rules], { cacheDir });
    expect(second.report.cached).toBe(3);
    expect(second.docs).toEqual(first.docs);
    writeFileSync(join(rules, 'a.yml'), ok('A2', 'id-a'));
    utimesSync(join(rules, 'a.yml'), new Date(), new Date(Date.now() + 5000));
    const third = loadRuleSet([rules], { cacheDir });
    expect(third.report.cached).toBe(2);
    expect(third.docs.map((d) => d.title).sort()).toEqual(['A2', 'B']);
  });
  it('statuses can be left out, and are counted', () => {
    const rules = join(dir, 'st');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, 'd.yml'), ok('D', 'id-d').replace('status: test', 'status: deprecated'));
    const r = loadRuleSet([rules], { excludeStatus: ['deprecated'] });
    expect(r.report).toMatchObject({ skipped: 1, loaded: { rules: 0 } });
  });
});

describe('hostile rule files are rejected in bounded time, never thrown', () => {
  const codes = (text: string): string[] => {
    const issues: Issue[] = [];
    docsFromText(text, issues);
    return issues.filter((i) => i.severity === 'error').map((i) => i.code);
  };
  it('deep nesting, alias bombs, deep conditions, binary junk', () => {
    expect(
      codes(
        `title: x\nlogsource: {product: a}\ndetection:\n  s: ${'['.repeat(50000)}${']'.repeat(50000)}\n  condition: s\n`,
      ),
    ).toEqual(['sigma.yaml_error']);
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(
      codes(`${bomb}title: t\nlogsource: {product: a}\ntags: *d\ndetection:\n  s: {A: *d}\n  condition: s\n`),
    ).toEqual(['sigma.bad_value']);
    expect(
      codes(`title: x\nlogsource: {product: a}\ndetection:\n  s: {A: 1}\n  condition: ${'not '.repeat(10000)}s\n`),
    ).toEqual(['sigma.condition_too_deep']);
    expect(codes('\u0000\u0001\u0002\u00ff'.repeat(1000))).toEqual(['sigma.not_a_rule']);
  });
});

/**
 * `konseki export` on the demo incident's case, each format checked against the official definitions
 * (STIX 2.1 JSON Schemas, ECS field definitions, OCSF Detection Finding), or where none can be
 * vendored against the field rules their documentation states (Timesketch's import guide, the MISP
 * core format, Hayabusa's profiles and what Takajo requires), and read back where konseki can: the
 * STIX bundle and the MISP event through konseki's own IOC loader, the ECS events through its
 * Winlogbeat reader.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { detectionKey, findingKey, REVIEW_FILE } from '../../src/case/review.ts';
import { parseTs } from '../../src/core/event.ts';
import { runExport, type ExportFormat, type ExportWhat } from '../../src/export/index.ts';
import { HAYABUSA_PROFILES } from '../../src/export/hayabusa.ts';
import { ECS_VERSION, OCSF_VERSION } from '../../src/export/versions.ts';
import { loadIocFile, IocSet } from '../../src/ioc/index.ts';
import { splitCsv } from '../../src/sources/network/text/csv.ts';
import { corpusDir } from '../support/corpus.ts';
import { konseki } from '../support/cli.ts';
import { ecsDefinitions, ocsfDefinitions, stixValidators, validateEcs, validateOcsf } from './validate.ts';

const work = mkdtempSync(join(tmpdir(), 'konseki-export-'));
const caseDir = join(work, 'case');
const NOW = new Date('2026-10-20T01:02:03.000Z');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const r = konseki(['-q', 'demo', '-o', work]);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);

async function exported(format: ExportFormat, what?: ExportWhat, profile?: string): Promise<string> {
  const out = join(work, `${format}-${what ?? 'default'}-${profile ?? ''}.out`);
  await runExport({
    caseDir,
    format,
    what,
    out,
    profile,
    timeZone: 'Asia/Tokyo',
    lang: 'en',
    version: '9.9.9',
    now: NOW,
  });
  return readFileSync(out, 'utf8');
}
const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** RFC 4180 rows (quoted fields may hold newlines) */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let cur = '';
  let quotes = 0;
  for (const line of text.replace(/^\uFEFF/, '').split('\r\n')) {
    cur = cur ? `${cur}\r\n${line}` : line;
    quotes += (line.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) {
      if (cur) rows.push(splitCsv(cur));
      cur = '';
      quotes = 0;
    }
  }
  return rows;
}

describe('STIX 2.1 bundle of the case indicators', () => {
  it('validates against the STIX 2.1 JSON Schemas and reads back through konseki’s IOC loader', async () => {
    const text = await exported('stix');
    const bundle = JSON.parse(text) as { objects: Array<Record<string, unknown>> };
    const v = stixValidators();
    expect(v.bundle!(bundle)).toEqual([]);
    const byType = new Map<string, number>();
    for (const o of bundle.objects) {
      byType.set(String(o.type), (byType.get(String(o.type)) ?? 0) + 1);
      expect({ id: o.id, errors: v[String(o.type)]!(o) }).toEqual({ id: o.id, errors: [] });
    }
    const indicators = bundle.objects.filter((o) => o.type === 'indicator');
    expect(indicators.length).toBeGreaterThanOrEqual(4);
    expect(byType.get('sighting')).toBe(indicators.length);
    // the demo's partner report named a C&C domain, a dropper address and URL: confirmed
    const confirmed = indicators.filter((o) => (o.labels as string[]).includes('confirmed')).map((o) => o.pattern);
    expect(confirmed).toEqual(
      expect.arrayContaining([
        "[domain-name:value = 'update-check.example-cdn.net']",
        "[ipv4-addr:value = '198.51.100.23']",
        "[url:value = 'http://198.51.100.23/invoice.exe']",
      ]),
    );
    // round trip
    const set = new IocSet();
    const issues: never[] = [];
    expect(loadIocFile(join(work, 'stix-default-.out'), set, issues)).toBe('stix');
    expect(issues).toEqual([]);
    const back = [...set.all()].map((i) => `${i.type}:${i.value}`).sort();
    const sent = indicators.map((o) => {
      const m = /^\[([\w-]+):(?:value|hashes\.'([^']+)') (?:=|ISSUBSET) '(.*)'\]$/.exec(String(o.pattern))!;
      const type = m[1] === 'domain-name' ? 'domain' : m[1] === 'url' ? 'url' : m[2] ? 'sha1' : 'ip';
      return `${type}:${m[3]}`;
    });
    expect(back).toEqual(sent.sort());
  });
});

describe('MISP event', () => {
  it('has the MISP core format’s event and attribute fields, to_ids only for confirmed ones, and reads back', async () => {
    const text = await exported('misp');
    const doc = JSON.parse(text) as { Event: Record<string, unknown> };
    const ev = doc.Event;
    // MISP core format (draft-dulaunoy-misp-core-format): required event fields and their JSON types
    for (const k of ['uuid', 'info', 'date', 'threat_level_id', 'analysis', 'distribution', 'timestamp'])
      expect(typeof ev[k], k).toBe('string');
    expect(typeof ev.published).toBe('boolean');
    expect(ev.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ev.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(['1', '2', '3', '4']).toContain(ev.threat_level_id);
    expect(['0', '1', '2']).toContain(ev.analysis);
    // categories and types of the MISP default describeTypes that konseki uses
    const CATEGORY: Record<string, string[]> = {
      'ip-dst': ['Network activity', 'Payload delivery'],
      'ip-src': ['Network activity', 'Payload delivery'],
      domain: ['Network activity', 'Payload delivery'],
      url: ['Network activity', 'Payload delivery'],
      sha1: ['Payload delivery', 'Artifacts dropped'],
    };
    const attrs = ev.Attribute as Array<Record<string, unknown>>;
    expect(attrs.length).toBeGreaterThanOrEqual(4);
    for (const a of attrs) {
      for (const k of ['uuid', 'type', 'category', 'value', 'distribution', 'timestamp'])
        expect(typeof a[k], k).toBe('string');
      expect(typeof a.to_ids).toBe('boolean');
      expect(CATEGORY[String(a.type)]).toContain(a.category);
    }
    const ids = attrs.filter((a) => a.to_ids).map((a) => a.value);
    expect(ids.sort()).toEqual(['198.51.100.23', 'http://198.51.100.23/invoice.exe', 'update-check.example-cdn.net']);
    const set = new IocSet();
    expect(loadIocFile(join(work, 'misp-default-.out'), set, [])).toBe('misp-json');
    expect([...set.all()].map((i) => i.value).sort()).toEqual(ids.sort());
  });
});

describe('ECS NDJSON', () => {
  it(`states ECS ${ECS_VERSION}, the version of the vendored definitions`, () => {
    expect(ecsDefinitions().version).toBe(ECS_VERSION);
  });
  for (const what of ['timeline', 'findings', 'events'] as const)
    it(`${what}: every document uses ECS fields with their types and allowed values`, async () => {
      const docs = jsonLines(await exported('ecs', what));
      expect(docs.length).toBeGreaterThan(20);
      const bad = docs.map((d) => validateEcs(d)).filter((e) => e.length);
      expect(bad.slice(0, 3)).toEqual([]);
      const kinds = new Set(docs.map((d) => (d.event as { kind: string }).kind));
      expect([...kinds]).toEqual([what === 'events' ? 'event' : 'alert']);
    });
  it('events: the Windows documents read back through the Winlogbeat reader into the same events', async () => {
    const text = await exported('ecs', 'events');
    const windows = jsonLines(text).filter((d) => d.winlog);
    // the demo's Windows events (src/demo/windows.ts): 50, and FS01's 6013 that carries its time zone
    expect(windows.length).toBe(51);
    const out = join(work, 'ecs-windows.ndjson');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(out, `${windows.map((d) => JSON.stringify(d)).join('\n')}\n`);
    const back = join(work, 'case-from-ecs');
    const r = konseki(['-q', 'triage', out, '-o', back, '--timezone', 'Asia/Tokyo']);
    expect(r.code, r.stderr).toBe(0);
    const original = readFileSync(join(caseDir, 'timeline.csv'), 'utf8').split('\r\n');
    const again = readFileSync(join(back, 'timeline.csv'), 'utf8').split('\r\n');
    // the same Windows rule hits (the evidence file column differs)
    const windowsRows = (lines: string[]) =>
      lines
        .filter((l) => /,Sec,|,Sys,|,Sysmon,|,PwSh,|,Defender,/.test(l))
        .map((l) => l.slice(0, l.lastIndexOf(',')))
        .sort();
    expect(windowsRows(again)).toEqual(windowsRows(original));
    expect(windowsRows(again).length).toBeGreaterThan(10);
  }, 60_000);
});

describe('OCSF Detection Finding', () => {
  it(`states OCSF ${OCSF_VERSION}, the version of the vendored definitions`, () => {
    expect(ocsfDefinitions().version).toBe(OCSF_VERSION);
    expect(ocsfDefinitions().class.uid).toBe(2004);
  });
  for (const what of ['findings', 'timeline'] as const)
    it(`${what}: every line is a valid class 2004 event`, async () => {
      const docs = jsonLines(await exported('ocsf', what));
      expect(docs.length).toBeGreaterThan(20);
      const bad = docs.map((d) => validateOcsf(d)).filter((e) => e.length);
      expect(bad.slice(0, 3)).toEqual([]);
      for (const d of docs) {
        expect(d.class_uid).toBe(2004);
        expect(d.time).toBe(NOW.getTime());
        expect((d.finding_info as { uid: string }).uid).toMatch(/^[0-9a-f-]{36}$/);
      }
      const uids = docs.map((d) => (d.finding_info as { uid: string }).uid);
      expect(new Set(uids).size).toBe(uids.length);
    });
});

describe('Timesketch JSONL and CSV', () => {
  const MANDATORY = ['message', 'datetime', 'timestamp_desc'];
  for (const what of ['timeline', 'findings', 'events'] as const) {
    it(`${what} JSONL: mandatory fields, ISO 8601 datetime, flat values`, async () => {
      const rows = jsonLines(await exported('timesketch', what));
      expect(rows.length).toBeGreaterThan(20);
      for (const r of rows) {
        for (const k of MANDATORY) expect(typeof r[k], k).toBe('string');
        expect(r.message).not.toBe('');
        expect(String(r.datetime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
        expect(Date.parse(String(r.datetime)) * 1000).toBe(Math.floor(Number(r.timestamp) / 1000) * 1000);
        for (const [k, v] of Object.entries(r)) expect(v === null || typeof v !== 'object', k).toBe(true);
        expect(Object.keys(r).some((k) => k.includes('.'))).toBe(false);
      }
      const types = new Set(rows.map((r) => r.data_type));
      if (what === 'timeline') expect([...types]).toEqual(['konseki:detection']);
      if (what === 'findings') expect([...types]).toEqual(['konseki:finding']);
      if (what === 'events')
        expect([...types]).toEqual(expect.arrayContaining(['windows:evtx:record', 'squid:access']));
    });
    it(`${what} CSV: header with the mandatory columns, one value per column, formulas neutralized`, async () => {
      const rows = csvRows(await exported('timesketch-csv', what));
      const header = rows[0]!;
      for (const k of MANDATORY) expect(header).toContain(k);
      expect(rows.length).toBeGreaterThan(20);
      for (const r of rows.slice(1)) {
        expect(r.length).toBe(header.length);
        for (const cell of r) expect(/^[=+@]/.test(cell)).toBe(false);
      }
    });
  }
});

describe('Hayabusa profiles for Takajo', () => {
  const profilesYaml = corpusDir('schemas', 'hayabusa', 'config', 'profiles.yaml');
  it.skipIf(!profilesYaml)('has Hayabusa’s profiles with their columns in order (config/profiles.yaml)', () => {
    const upstream = parseYaml(readFileSync(profilesYaml!, 'utf8')) as Record<string, Record<string, string>>;
    for (const [name, cols] of Object.entries(upstream))
      expect(HAYABUSA_PROFILES[name], name).toEqual(Object.keys(cols));
    expect(Object.keys(HAYABUSA_PROFILES).sort()).toEqual(Object.keys(upstream).sort());
  });
  for (const profile of ['standard', 'verbose', 'super-verbose'])
    it(`${profile} JSONL passes Takajo's line gate and types`, async () => {
      const rows = jsonLines(await exported('hayabusa-jsonl', 'timeline', profile));
      expect(rows.length).toBe(23);
      for (const r of rows) {
        expect(Object.keys(r)).toEqual(HAYABUSA_PROFILES[profile]);
        for (const k of ['Timestamp', 'RuleTitle', 'RuleID', 'Level', 'Computer', 'Channel'])
          expect(typeof r[k], k).toBe('string');
        for (const k of ['Details', 'ExtraFieldInfo'])
          expect(r[k] !== null && typeof r[k] === 'object' && !Array.isArray(r[k]), k).toBe(true);
        expect(['crit', 'high', 'med', 'low', 'info']).toContain(r.Level);
        expect(Number.isInteger(r.EventID) || r.EventID === '-').toBe(true);
        expect(Number.isInteger(r.RecordID) || r.RecordID === '-').toBe(true);
        expect(String(r.Timestamp)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+09:00$/);
        for (const k of ['MitreTactics', 'MitreTags', 'OtherTags'])
          if (k in r) expect(Array.isArray(r[k]) && (r[k] as unknown[]).every((x) => typeof x === 'string')).toBe(true);
        if ('MitreTags' in r) for (const t of r.MitreTags as string[]) expect(t).toMatch(/^[TGS]\d{4}(\.\d{3})?$/);
      }
      // Takajo's logon and process commands read these Details keys of Hayabusa's abbreviations
      const proc = rows.find((r) => r.EventID === 4688)!;
      expect(Object.keys(proc.Details as object)).toEqual(expect.arrayContaining(['Cmdline', 'Proc', 'PID']));
      expect(typeof (proc.Details as { PID: unknown }).PID).toBe('number');
    });
  it('CSV has the profile header and one cell per column', async () => {
    const rows = csvRows(await exported('hayabusa-csv', 'timeline', 'timesketch-verbose'));
    expect(rows[0]).toEqual(HAYABUSA_PROFILES['timesketch-verbose']);
    for (const r of rows.slice(1)) expect(r.length).toBe(rows[0]!.length);
    expect(rows.length).toBe(24);
  });
});

describe('konseki export (command line)', () => {
  it('writes to standard output, records the export in the custody log, refuses what a format cannot carry', () => {
    const r = konseki(['export', '--case', caseDir, '--format', 'stix']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).type).toBe('bundle');
    expect(readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')).toContain('"command":"export"');
    const bad = konseki(['export', '--case', caseDir, '--format', 'stix', '--what', 'events'], { KONSEKI_LANG: 'ja' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('stix では events を書き出せません');
  });
});

describe('review marks (konseki serve)', () => {
  it('leaves out what the analyst marked false positive in review.json, and nothing else', async () => {
    // the marked detection and finding are named as the report names them: from timeline.jsonl and findings.jsonl
    const lines = (f: string) => jsonLines(readFileSync(join(caseDir, f), 'utf8'));
    const d = lines('timeline.jsonl').find((r) => r.Level === 'high' && r.RecordID)!;
    const f = lines('findings.jsonl').find((r) => r.kind === 'ioc-match' && r.peer)!;
    const dTs = parseTs(String(d.Timestamp));
    const fTs = parseTs(String(f.first_seen));
    const dk = detectionKey({
      rule_id: String(d.RuleID),
      host: String(d.Computer),
      record_id: String(d.RecordID),
      file: String(d.EvidenceFile),
      ts: dTs,
    });
    const fk = findingKey({
      kind: String(f.kind),
      host: String(f.host),
      peer: String(f.peer),
      producer: String(f.producer),
      first_seen: fTs,
    });
    const isD = (r: Record<string, unknown>) =>
      r.rule_id === d.RuleID &&
      r.computer_name === d.Computer &&
      String(r.record_number) === d.RecordID &&
      r.evidence_file === d.EvidenceFile &&
      Math.floor(Number(r.timestamp) / 1000) === Math.floor(dTs / 1000);
    const isF = (r: Record<string, unknown>) =>
      r.kind === f.kind && r.host === f.host && r.peer === f.peer && r.producer === f.producer && r.timestamp === fTs;
    const timeline = jsonLines(await exported('timesketch', 'timeline'));
    const findings = jsonLines(await exported('timesketch', 'findings'));
    expect(timeline.filter(isD)).toHaveLength(1);
    expect(findings.filter(isF)).toHaveLength(1);
    const hayabusa = jsonLines(await exported('hayabusa-jsonl')).length;
    const mark = (target: string, key: string) => ({
      target,
      key,
      status: 'false-positive',
      author: 't',
      ts: NOW.toISOString(),
    });
    writeFileSync(
      join(caseDir, REVIEW_FILE),
      JSON.stringify({ version: 1, marks: [mark('detection', dk), mark('finding', fk)] }),
    );
    try {
      expect(jsonLines(await exported('timesketch', 'timeline'))).toEqual(timeline.filter((r) => !isD(r)));
      expect(jsonLines(await exported('timesketch', 'findings'))).toEqual(findings.filter((r) => !isF(r)));
      expect(jsonLines(await exported('hayabusa-jsonl'))).toHaveLength(hayabusa - 1);
    } finally {
      rmSync(join(caseDir, REVIEW_FILE), { force: true });
    }
  });
});

describe('the validators reject broken documents (so the checks above can fail)', () => {
  it('STIX: an indicator without pattern_type, with a bad id or confidence, a bundle with an unknown object', () => {
    const v = stixValidators();
    const ind = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      pattern: "[ipv4-addr:value = '203.0.113.1']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
    };
    expect(v.indicator!(ind)).toEqual([]);
    expect(v.indicator!({ ...ind, pattern_type: undefined })).not.toEqual([]);
    expect(v.indicator!({ ...ind, id: 'indicator--nope' })).not.toEqual([]);
    expect(v.indicator!({ ...ind, confidence: 101 })).not.toEqual([]);
    expect(
      v.bundle!({ type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', objects: [{ type: 'x' }] }),
    ).not.toEqual([]);
  });
  it('ECS: unknown fields, wrong types, disallowed categorization', () => {
    const ok = { '@timestamp': '2026-01-01T00:00:00Z', ecs: { version: ECS_VERSION } };
    expect(validateEcs(ok)).toEqual([]);
    expect(validateEcs({ ...ok, source: { ip: 'not-an-ip' } })).not.toEqual([]);
    expect(validateEcs({ ...ok, destination: { port: '443' } })).not.toEqual([]);
    expect(validateEcs({ ...ok, event: { kind: 'oops' } })).not.toEqual([]);
    expect(validateEcs({ ...ok, event: { category: ['process'], type: ['connection'] } })).not.toEqual([]);
    expect(validateEcs({ ...ok, event: { category: 'process' } })).not.toEqual([]);
    expect(validateEcs({ ...ok, hostname: 'x' })).not.toEqual([]);
  });
  it('OCSF: missing required attributes, unknown ones, bad enums and types', () => {
    const good = {
      activity_id: 1,
      category_uid: 2,
      class_uid: 2004,
      type_uid: 200401,
      time: 1,
      severity_id: 3,
      metadata: { product: { name: 'konseki' }, version: OCSF_VERSION },
      finding_info: { uid: 'x' },
    };
    expect(validateOcsf(good)).toEqual([]);
    expect(validateOcsf({ ...good, finding_info: undefined })).not.toEqual([]);
    expect(validateOcsf({ ...good, severity_id: 7 })).not.toEqual([]);
    expect(validateOcsf({ ...good, class_uid: 2001, type_uid: 200101 })).not.toEqual([]);
    expect(validateOcsf({ ...good, colour: 'red' })).not.toEqual([]);
    expect(validateOcsf({ ...good, time: '2026-01-01' })).not.toEqual([]);
    expect(validateOcsf({ ...good, device: { hostname: 'a' } })).not.toEqual([]);
    expect(validateOcsf({ ...good, observables: [{ name: 'x', type_id: 1000 }] })).not.toEqual([]);
  });
});

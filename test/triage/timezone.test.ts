/**
 * The machine's zone must not change the findings: the demo's evidence triaged on machines set to UTC,
 * Asia/Tokyo and America/New_York gives the same findings, timeline and composite picture, both when the
 * evidence says its zone (EVE offsets, the Windows time zone of 6013, auth.log paired with wtmp) and when
 * only zone-less logs are left and the organisation's zone is given with --org-timezone. Without either,
 * the machine's zone is all there is: the results differ, and the summary says which zone was assumed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../src/demo/index.ts';
import { konseki } from '../support/cli.ts';

const ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York'];
const root = mkdtempSync(join(tmpdir(), 'konseki-tz-'));
const demo = writeDemo(join(root, 'demo'));

/** Only the logs without a zone (and Squid's epoch times): what a responder often gets from a small site. */
const zoneless = join(root, 'zoneless');
for (const f of [
  'linux/web01/auth.log',
  'network/firewall/filter.log',
  'network/dns/query.log',
  'network/proxy/access.log',
]) {
  mkdirSync(join(zoneless, f, '..'), { recursive: true });
  cpSync(join(demo.evidence, f), join(zoneless, f), { preserveTimestamps: true });
}

interface Run {
  code: number;
  stderr: string;
  findings: string[];
  timeline: string[];
  composite: string;
  orgZone: unknown;
}

function triage(evidence: string, tz: string, extra: string[] = []): Run {
  const out = join(root, `case-${Math.random().toString(36).slice(2)}`);
  const r = konseki(['--lang', 'en', 'triage', evidence, '-o', out, '--ioc', demo.iocs, '-t', '1', ...extra], {
    TZ: tz,
  });
  const lines = (f: string): string[] => readFileSync(join(out, f), 'utf8').split('\n').filter(Boolean).sort();
  const cf = JSON.parse(readFileSync(join(out, 'case.json'), 'utf8'));
  const run: Run = {
    code: r.code,
    stderr: r.stderr,
    findings: lines('findings.jsonl'),
    timeline: lines('timeline.jsonl'),
    composite: JSON.stringify(cf.composite),
    orgZone: cf.settings?.org_time_zone,
  };
  rmSync(out, { recursive: true, force: true });
  return run;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the machine zone does not change the findings', () => {
  it('evidence that says its zone: identical results under every machine zone', () => {
    const runs = ZONES.map((tz) => triage(demo.evidence, tz));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]!.orgZone).toMatchObject({ zone: 'Asia/Tokyo', source: 'inferred' });
    expect(runs[0]!.findings.length).toBeGreaterThan(30);
    expect(runs[0]!.timeline.length).toBeGreaterThan(10);
    for (const r of runs.slice(1)) {
      expect(r.findings).toEqual(runs[0]!.findings);
      expect(r.timeline).toEqual(runs[0]!.timeline);
      expect(r.composite).toEqual(runs[0]!.composite);
    }
    // the night upload is outside business hours in the organisation's zone, whatever the machine's
    const upload = runs[1]!.findings.map((l) => JSON.parse(l)).find((f) => f.kind === 'large-upload');
    expect(upload.summary_en).toMatch(/\([1-9][\d.]* [KMGT]?B outside business hours\)/);
  });

  it('zone-less logs with --org-timezone: identical results under every machine zone', () => {
    const runs = ZONES.map((tz) => triage(zoneless, tz, ['--org-timezone', 'Asia/Tokyo']));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]!.orgZone).toEqual({ zone: 'Asia/Tokyo', source: 'given' });
    expect(runs[0]!.findings.length).toBeGreaterThan(5);
    for (const r of runs.slice(1)) {
      expect(r.findings).toEqual(runs[0]!.findings);
      expect(r.timeline).toEqual(runs[0]!.timeline);
      expect(r.composite).toEqual(runs[0]!.composite);
    }
  });

  it('zone-less logs alone: the machine zone is assumed, said, and changes the results', () => {
    const [utc, tokyo] = ['UTC', 'Asia/Tokyo'].map((tz) => triage(zoneless, tz));
    expect(utc!.code, utc!.stderr).toBe(0);
    expect(utc!.orgZone).toEqual({ zone: 'UTC', source: 'machine' });
    expect(utc!.stderr).toContain("Organisation's time zone: UTC, this machine's zone");
    expect(tokyo!.orgZone).toEqual({ zone: 'Asia/Tokyo', source: 'machine' });
    expect(utc!.findings).not.toEqual(tokyo!.findings);
  });
});

/**
 * Acceptance of issue 16 on the labelled network week (test/support/network-scenario): triage without
 * any indicator file and without the allow-list (nobody has told the responder the C&C yet), then
 * `respond` at cnc-only and isolate-hosts. Every planted C&C, download and exfiltration destination is
 * blocked and nothing benign or internal; every compromised host is isolated and never the proxy; the
 * artifacts pass the real tools.
 */
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK } from '../support/network-scenario/attack.ts';
import { generateScenario } from '../support/network-scenario/generate.ts';
import { IPS } from '../support/network-scenario/org.ts';
import { konseki } from '../support/cli.ts';
import { dnsmasqCheck, namedCheckzone, nftCheck, pfsenseXml, squidParse, unboundCheck } from './checks.ts';
import { TOOLS } from './helpers.ts';

interface PlanJson {
  indicators: { nets: string[]; domains: string[]; urls: string[]; ports: string[] };
  hosts: Array<{ ip: string }>;
  held_hosts: Array<{ ip: string }>;
  judged: { blocked: Array<{ value: string; confidence: number }>; review: Array<{ value: string }> };
}

const PLANTED_ADDRESSES = [ATTACK.cncIp, ATTACK.dropIp, ATTACK.secondIp];
const PLANTED_DOMAINS = [ATTACK.cncDomain, ATTACK.exfilHost];
const COMPROMISED = [ATTACK.patientZero, ...ATTACK.victims];

describe('respond on the labelled network week, without any indicator file', () => {
  const root = join(tmpdir(), `konseki-respond-scenario-${process.pid}`);
  const evidence = join(root, 'evidence');
  const caseDir = join(root, 'case');
  const plans: Record<string, PlanJson> = {};

  beforeAll(() => {
    rmSync(root, { recursive: true, force: true });
    const scen = generateScenario(evidence);
    // only the devices' logs are evidence: the indicator list, policy, allow-list and labels stay out
    mkdirSync(join(root, 'aside'));
    for (const f of [scen.files.iocs, scen.files.policy, scen.files.allow, scen.files.labels])
      renameSync(f, join(root, 'aside', f.split('/').pop()!));
    const t = konseki(['triage', evidence, '-o', caseDir, '--timezone', 'Asia/Tokyo', '--no-builtin-rules', '-t', '2']);
    expect(t.code, t.stderr).toBe(0);
    for (const level of ['cnc-only', 'isolate-hosts']) {
      const r = konseki([
        'respond',
        '--case',
        caseDir,
        '--level',
        level,
        '--mgmt',
        IPS.admin,
        '--out',
        join(root, level),
      ]);
      expect(r.code, r.stderr).toBe(0);
      plans[level] = JSON.parse(readFileSync(join(root, level, 'plan.json'), 'utf8')) as PlanJson;
    }
  }, 900_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('cnc-only blocks every planted C&C, download and exfiltration destination', () => {
    const p = plans['cnc-only']!;
    console.info(
      `[respond scenario] blocked: ${p.judged.blocked.map((j) => `${j.value} ${j.confidence}`).join(', ')}; for a human: ${p.judged.review.length}`,
    );
    for (const a of PLANTED_ADDRESSES) expect([a, p.indicators.nets.includes(a)]).toEqual([a, true]);
    for (const d of PLANTED_DOMAINS) expect([d, p.indicators.domains.includes(d)]).toEqual([d, true]);
  });

  it('cnc-only blocks nothing benign and nothing internal', () => {
    const p = plans['cnc-only']!;
    expect(p.indicators.nets.filter((n) => !PLANTED_ADDRESSES.includes(n))).toEqual([]);
    expect(p.indicators.domains.filter((d) => !PLANTED_DOMAINS.includes(d))).toEqual([]);
    expect(p.indicators.urls).toEqual([]);
    // the C&C on :8443 is covered by its address, so no port entry is left over
    expect(p.indicators.ports).toEqual([]);
  });

  it('isolate-hosts covers every compromised host and never the proxy', () => {
    const p = plans['isolate-hosts']!;
    expect(p.hosts.map((h) => h.ip).sort()).toEqual([...COMPROMISED].sort());
    expect(p.hosts.map((h) => h.ip)).not.toContain(IPS.proxy);
  });

  const out = (level: string, f: string): string => join(root, level, f);
  it.skipIf(!TOOLS.nft)('nft -c accepts both levels', () => {
    for (const l of ['cnc-only', 'isolate-hosts'])
      expect(nftCheck(out(l, 'nftables.nft'))).toEqual({ ok: true, out: '' });
  });
  it.skipIf(!TOOLS.squid)('squid -k parse accepts both levels', () => {
    for (const l of ['cnc-only', 'isolate-hosts'])
      expect(squidParse(join(root, l), 'squid-konseki.conf').ok).toBe(true);
  });
  it.skipIf(!TOOLS.namedCheckzone)('named-checkzone accepts the RPZ zone', () => {
    for (const l of ['cnc-only', 'isolate-hosts'])
      expect(namedCheckzone('rpz.konseki-case', out(l, 'bind-rpz.zone')).ok).toBe(true);
  });
  it.skipIf(!TOOLS.unbound || !TOOLS.dnsmasq)('unbound-checkconf and dnsmasq --test accept their fragments', () => {
    for (const l of ['cnc-only', 'isolate-hosts']) {
      expect(unboundCheck(out(l, 'unbound-konseki.conf')).ok).toBe(true);
      expect(dnsmasqCheck(out(l, 'dnsmasq-konseki.conf')).ok).toBe(true);
    }
  });
  it.skipIf(!TOOLS.python)('pfSense XML is well-formed', () => {
    for (const l of ['cnc-only', 'isolate-hosts']) expect(pfsenseXml(out(l, 'pfsense-config.xml')).ok).toBe(true);
  });
});

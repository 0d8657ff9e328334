/**
 * Real indicator values: every query name and answer address of the WRCCDC 2018 Zeek dns.log (real
 * traffic of a red-team exercise, with its oddities), the URLs and CONNECT hosts of a real Squid
 * access.log, fed through an IOC list into `konseki respond`'s plan and generators, and checked by
 * the tools. Whatever is accepted must load; whatever is refused must be reported, nothing lost.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/respond/case-input.ts';
import { rpzZoneName } from '../../src/respond/gen/dns.ts';
import { nftTableName } from '../../src/respond/gen/nftables.ts';
import { canonicalizePlan } from '../../src/respond/plan.ts';
import type { CanonicalPlan } from '../../src/respond/types.ts';
import { writeResponse } from '../../src/respond/write.ts';
import type { Issue } from '../../src/core/issue.ts';
import { corpusDir } from '../support/corpus.ts';
import {
  dnsmasqCheck,
  iptablesApplyRollback,
  namedCheckzone,
  nftCheck,
  nftLoad,
  pfsenseXml,
  squidParse,
  unboundCheck,
} from './checks.ts';
import { NETNS, tempDir, TOOLS } from './helpers.ts';

const zeek = corpusDir('network', 'zeek', 'zed-sample-data', 'zeek-default');
const squid = corpusDir('network', 'squid', 'elastic-beats');

async function zeekDns(file: string): Promise<{ names: Set<string>; answers: Set<string> }> {
  const names = new Set<string>();
  const answers = new Set<string>();
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let fields: string[] = [];
  for await (const line of rl) {
    if (line.startsWith('#fields')) fields = line.split('\t').slice(1);
    if (line.startsWith('#')) continue;
    const cols = line.split('\t');
    const q = cols[fields.indexOf('query')];
    if (q && q !== '-') names.add(q);
    for (const a of (cols[fields.indexOf('answers')] ?? '-').split(','))
      if (/^[0-9.]+$/.test(a) || /^[0-9a-f]*:[0-9a-f:]+$/i.test(a)) answers.add(a);
  }
  return { names, answers };
}

describe.skipIf(!zeek || !squid)('real indicators (WRCCDC 2018 dns.log, Squid access.log)', () => {
  const dir = tempDir('corpus');
  let plan: CanonicalPlan;
  let issues: Issue[];
  let inputs = 0;
  let seconds = 0;
  beforeAll(async () => {
    const { names, answers } = await zeekDns(join(zeek!, 'dns.log.gz'));
    const urls = new Set<string>();
    for (const line of readFileSync(join(squid!, 'access1.log'), 'utf8').split('\n')) {
      const u = line.split(/\s+/)[6];
      if (u) urls.add(u.includes('://') ? u : u.replace(/:\d+$/, ''));
    }
    const lines = [...names, ...answers, ...urls];
    inputs = new Set(lines).size;
    const ioc = join(dir, 'ioc.txt');
    writeFileSync(ioc, `${lines.join('\n')}\n`);
    const started = performance.now();
    const built = buildPlan({ level: 'cnc-only', iocFiles: [ioc], caseId: 'wrccdc', mgmt: '10.0.0.250' });
    ({ plan, issues } = canonicalizePlan(built.plan, { locate: built.locate }));
    writeResponse(plan, [...built.issues, ...issues], join(dir, 'out'), { lang: 'en', tool: 'konseki test' });
    seconds = (performance.now() - started) / 1000;
    console.info(
      `[respond corpus] ${inputs} distinct values → ${plan.nets.length} networks, ${plan.domains.length} domains, ${plan.urls.length} URLs, ${issues.filter((i) => i.code === 'respond.rejected').length} refused, in ${seconds.toFixed(2)} s`,
    );
  });

  it('accounts for every value: used, folded into another, or refused with a reason', () => {
    const refused = issues.filter((i) => i.code === 'respond.rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(plan.domains.length).toBeGreaterThan(500);
    expect(plan.nets.length).toBeGreaterThan(100);
    // every refused value carries its file and line
    for (const i of refused) expect(i.at.line).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(10);
  });

  const out = (): string => join(dir, 'out');
  it.skipIf(!TOOLS.nft)('nft -c', () => expect(nftCheck(join(out(), 'nftables.nft'))).toEqual({ ok: true, out: '' }));
  it.skipIf(!NETNS)('nftables loaded in a private namespace holds every address', () => {
    const r = nftLoad(join(out(), 'nftables.nft'), nftTableName(plan));
    expect((r.sets.c2_v4 ?? []).length + (r.sets.c2_v6 ?? []).length).toBe(plan.nets.length);
  });
  it.skipIf(!NETNS)('iptables + ipset apply and roll back', () => {
    const r = iptablesApplyRollback(join(out(), 'iptables-ipset.sh'));
    expect(r.ok).toBe(true);
    expect(r.applied.split('\n').filter((l) => /^add k_wrccdc_c2_v[46] /.test(l)).length).toBe(plan.nets.length);
  });
  it.skipIf(!TOOLS.squid)('squid -k parse', () => {
    const r = squidParse(out(), 'squid-konseki.conf');
    expect(
      r.out
        .split('\n')
        .filter((l) => /WARNING|ERROR/.test(l))
        .slice(0, 5),
    ).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.processed.filter((l) => / dstdomain \./.test(l)).length).toBe(plan.domains.length);
  });
  it.skipIf(!TOOLS.namedCheckzone)('named-checkzone', () => {
    const r = namedCheckzone(rpzZoneName(plan), join(out(), 'bind-rpz.zone'));
    expect(r.ok).toBe(true);
    expect(r.owners.filter((o) => o.startsWith('*.')).length).toBe(plan.domains.length);
  });
  it.skipIf(!TOOLS.unbound)('unbound-checkconf', () =>
    expect(unboundCheck(join(out(), 'unbound-konseki.conf')).ok).toBe(true),
  );
  it.skipIf(!TOOLS.dnsmasq)('dnsmasq --test', () =>
    expect(dnsmasqCheck(join(out(), 'dnsmasq-konseki.conf')).ok).toBe(true),
  );
  it.skipIf(!TOOLS.python)('pfSense XML', () => {
    const r = pfsenseXml(join(out(), 'pfsense-config.xml'));
    expect(r.ok).toBe(true);
    expect(Object.values(r.aliases).find((a) => a.type === 'host')!.entries.length).toBe(
      plan.domains.filter((d) => !d.includes('_')).length,
    );
  });
});

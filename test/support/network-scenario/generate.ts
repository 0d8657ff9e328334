// Writes a labelled week of an organisation's network logs: Squid access.log (native + referer/UA),
// pfSense filterlog, BIND query log, Suricata EVE (alerts + client→proxy flows), the external
// party's indicator list, the organisation's flow policy and a responder's allow-list, and
// labels.json. Deterministic for a seed. Run: npx tsx test/support/network-scenario/generate.ts OUTDIR [--clients N] [--sessions X] [--no-flows] [--hard] [--seed S]
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACK, Intrusion, labels, type Label, type Tolerated } from './attack.ts';
import { Agents, Browsing, ClientDns, CloudBackup, IdsNoise, Infrastructure, Schedule, type Actor } from './benign.ts';
import { HardBenign, HardIntrusion, hardLabels, hardPlan, type HardPlan, type Trap } from './hard.ts';
import { DEFAULT_CONFIG, Emitter, HOUR, IPS, Org, type ScenarioConfig } from './org.ts';

export interface ScenarioFiles {
  dir: string;
  proxy: string;
  firewall: string;
  dns: string;
  eve: string;
  iocs: string;
  policy: string;
  allow: string;
  labels: string;
}

export interface ScenarioResult {
  files: ScenarioFiles;
  config: ScenarioConfig;
  counts: Record<'proxy' | 'fw' | 'dns' | 'eve', number>;
  expected: Label[];
  tolerated: Tolerated[];
  /** the compromised hosts (labelled in the hard week; the classic week's three otherwise) */
  compromised: string[];
  /** benign traps that must get no medium+ finding (hard week) */
  traps: Trap[];
  /** the hard week's compromised hosts and times */
  plan?: HardPlan;
  /** end of the logs (epoch ms) */
  endMs: number;
  startMs: number;
}

export function generateScenario(dir: string, overrides: Partial<ScenarioConfig> = {}): ScenarioResult {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  // the hard week has no flow records and a proxy whose tunnels and own connections are logged
  const hardDefaults: Partial<ScenarioConfig> = defined.hard
    ? { flows: false, tunnelBytes: 'both', proxyFirewall: true }
    : {};
  const cfg: ScenarioConfig = { ...DEFAULT_CONFIG, ...hardDefaults, ...defined };
  mkdirSync(dir, { recursive: true });
  const files: ScenarioFiles = {
    dir,
    proxy: join(dir, 'access.log'),
    firewall: join(dir, 'filterlog.log'),
    dns: join(dir, 'query.log'),
    eve: join(dir, 'eve.json'),
    iocs: join(dir, 'iocs.txt'),
    policy: join(dir, 'policy.csv'),
    allow: join(dir, 'allowlist.txt'),
    labels: join(dir, 'labels.json'),
  };
  const org = new Org(cfg);
  const sched = new Schedule(org, org.rng.fork('schedule'));
  const em = new Emitter(
    org,
    { proxy: files.proxy, fw: files.firewall, dns: files.dns, eve: files.eve },
    org.rng.fork('emitter'),
  );
  const actors: Actor[] = [
    new Browsing(org, sched, org.rng.fork('browsing')),
    new Agents(org, sched, org.rng.fork('agents')),
    new ClientDns(org, sched, org.rng.fork('dns')),
    new Infrastructure(org, sched, org.rng.fork('infra')),
    new CloudBackup(org.rng.fork('backup')),
    new IdsNoise(org, sched, org.rng.fork('ids')),
    new Intrusion(org, sched, org.rng.fork('attack')),
  ];
  const plan = cfg.hard ? hardPlan(org) : undefined;
  if (plan)
    actors.push(
      new HardBenign(org, sched, org.rng.fork('hard-benign')),
      new HardIntrusion(org, org.rng.fork('hard-attack'), plan),
    );
  for (let t = org.startMs; t < org.endMs; t += HOUR) {
    for (const a of actors) a.hour(t, em);
    em.flushBefore(t);
  }
  em.close();
  // Year-less syslog stamps take their year from the file time: the logs were collected at the end of the week.
  const mtime = new Date(org.endMs + 3 * HOUR);
  for (const f of [files.proxy, files.firewall, files.dns, files.eve]) utimesSync(f, mtime, mtime);

  writeFileSync(
    files.iocs,
    [
      '# Indicators from the external report (plain list: one per line)',
      `${ATTACK.cncDomain}  # C&C domain`,
      `${ATTACK.cncIp}  # C&C server`,
      `hxxp://${ATTACK.dropIp.replace(/\./g, '[.]')}/invoice_0428.exe  # dropper URL (defanged)`,
      `${ATTACK.dropIp}  # dropper host`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    files.policy,
    [
      '# zones',
      'zone,clients,10.10.0.0/16',
      'zone,servers,10.20.0.0/24',
      'zone,mgmt,10.30.0.0/24',
      '# allowed flows: src,dst,dst_port,proto',
      'src_cidr,dst_cidr,dst_port,proto',
      'clients,servers,53 88 123 135 139 389 445 464 636 3268 3128 49152-65535,tcp',
      'clients,servers,53 88 123 389,udp',
      `${IPS.monitoring},clients,5985,tcp`,
      `${IPS.backup},servers,445,tcp`,
      'servers,servers,*,*',
      'mgmt,*,*,*',
      ...(cfg.hard ? ['clients,10.20.0.60,8080,tcp  # anti-virus console'] : []),
      '',
    ].join('\n'),
  );
  writeFileSync(
    files.allow,
    [
      '# What the responder confirmed as legitimate after a first look (format: src/analytics/network/README.md)',
      'dest update.microsoft.com          # Windows Update',
      'dest delivery.mp.microsoft.com',
      'dest apexone-cloud.example         # anti-virus console (cloud)',
      'dest lanscope-cloud.example        # asset management agent',
      'dest 133.243.238.243:123 only=beacon   # NTP of the DC',
      'dest 162.125.19.131 only=beacon    # Dropbox trying to bypass the proxy (blocked anyway)',
      'dest meet.webconf.example:8443     # web conferences',
      'dest vpn.partner.example:4443      # vendor support VPN',
      `host ${IPS.backup} only=off-hours,large-upload,beacon   # nightly cloud backup`,
      'ua python-requests/*  only=rare-user-agent  # the developer 10.10.2.58',
      'ua Java/1.8.0_*       only=rare-user-agent',
      '',
    ].join('\n'),
  );
  const classic = labels();
  const { expected, tolerated, compromised, traps } = plan
    ? hardLabels(classic, plan)
    : { ...classic, compromised: [ATTACK.patientZero, ...ATTACK.victims], traps: [] as Trap[] };
  writeFileSync(
    files.labels,
    JSON.stringify(
      { config: cfg, attack: ATTACK, counts: em.counts, expected, tolerated, compromised, traps },
      null,
      1,
    ),
  );
  return {
    files,
    config: cfg,
    counts: { ...em.counts },
    expected,
    tolerated,
    compromised,
    traps,
    plan,
    endMs: org.endMs,
    startMs: org.startMs,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''))) {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? 'scenario-out';
  const num = (flag: string): number | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const started = Date.now();
  const r = generateScenario(out, {
    clients: num('--clients'),
    sessionsPerHour: num('--sessions'),
    flows: args.includes('--no-flows') ? false : undefined,
    hard: args.includes('--hard') || undefined,
    seed: args.includes('--seed') ? String(args[args.indexOf('--seed') + 1]) : undefined,
  } as Partial<ScenarioConfig>);
  console.log(`wrote ${out}: ${JSON.stringify(r.counts)} lines in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

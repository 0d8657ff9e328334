/** Runs the real tools over a directory of generated artifacts and returns what they saw. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './helpers.ts';

export interface ToolResult {
  ok: boolean;
  out: string;
}

const result = (r: ReturnType<typeof run>): ToolResult => ({ ok: r.status === 0, out: `${r.stdout}${r.stderr}` });

export function nftCheck(file: string): ToolResult {
  return result(run('nft', ['-c', '-f', file]));
}

/** Loads the file for real inside a private network namespace and lists what the kernel holds. */
export function nftLoad(
  file: string,
  table: string,
): { ok: boolean; sets: Record<string, string[]>; rules: number; out: string } {
  const r = run('unshare', ['--net', 'sh', '-c', `nft -f "$1" && nft -j list table inet "$2"`, 'sh', file, table]);
  if (r.status !== 0) return { ok: false, sets: {}, rules: 0, out: r.stderr };
  const doc = JSON.parse(r.stdout) as { nftables: Array<Record<string, { name: string; elem?: unknown[] }>> };
  const sets: Record<string, string[]> = {};
  let rules = 0;
  for (const item of doc.nftables) {
    if (item.set) {
      sets[item.set.name] = (item.set.elem ?? []).map((e) => {
        if (typeof e === 'string') return e;
        const p = (e as { prefix?: { addr: string; len: number } }).prefix;
        if (p) return `${p.addr}/${p.len}`;
        const range = (e as { range?: [string, string] }).range;
        return range ? `${range[0]}-${range[1]}` : JSON.stringify(e);
      });
    }
    if (item.rule) rules++;
  }
  return { ok: true, sets, rules, out: '' };
}

/** apply, apply again, save the sets and rules, roll back, save again: all in a private network namespace. */
export function iptablesApplyRollback(script: string): { ok: boolean; applied: string; after: string; out: string } {
  const r = run('unshare', [
    '--net',
    'sh',
    '-c',
    'sh "$1" apply && sh "$1" apply && ipset save && iptables -S && ip6tables -S && echo ===ROLLBACK=== && sh "$1" rollback && ipset save && iptables -S && ip6tables -S',
    'sh',
    script,
  ]);
  const [applied, after] = r.stdout.split('===ROLLBACK===');
  return { ok: r.status === 0, applied: applied ?? '', after: after ?? '', out: r.stderr };
}

export function squidParse(dir: string, file: string): ToolResult & { processed: string[] } {
  const conf = join(dir, 'squid-test.conf');
  writeFileSync(conf, `http_port 3128\ninclude ${join(dir, file)}\nhttp_access deny all\n`);
  const r = run('squid', ['-k', 'parse', '-f', conf]);
  const out = `${r.stdout}${r.stderr}`;
  const processed = [...out.matchAll(/Processing: (.*)$/gm)].map((m) => m[1]!);
  // squid -k parse exits 0 after some errors (a bad regex is skipped): any WARNING or ERROR is a failure here
  return { ok: r.status === 0 && !/WARNING|ERROR|FATAL|unrecognized|Bungled/i.test(out), out, processed };
}

/** named-checkzone, and the zone as BIND loads it (`-D`: canonical dump, one record per line). */
export function namedCheckzone(zone: string, file: string): ToolResult & { owners: string[] } {
  const r = run('named-checkzone', ['-D', '-o', '-', zone, file]);
  const owners = r.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith(';'))
    .map((l) => l.split(/\s+/)[0]!);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`, owners };
}

/** named-checkconf -z with the zone file path pointed at the generated zone. */
export function namedCheckconf(dir: string, confFile: string, zoneFile: string): ToolResult {
  const conf = readFileSync(join(dir, confFile), 'utf8').replace(/file "[^"]*";/, `file "${join(dir, zoneFile)}";`);
  const test = join(dir, 'named-test.conf');
  writeFileSync(test, conf);
  return result(run('named-checkconf', ['-z', test]));
}

export function unboundCheck(file: string): ToolResult {
  return result(run('unbound-checkconf', [file]));
}

export function dnsmasqCheck(file: string): ToolResult {
  return result(run('dnsmasq', ['--test', '-C', file]));
}

/** python3's xml.etree: well-formedness, the aliases with their entries, and the rules. */
export function pfsenseXml(file: string): {
  ok: boolean;
  aliases: Record<string, { type: string; entries: string[]; url?: string }>;
  rules: Array<Record<string, string>>;
  out: string;
} {
  const code = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
aliases = {}
for a in root.iter('alias'):
    addr = a.findtext('address') or ''
    aliases[a.findtext('name')] = {'type': a.findtext('type'), 'entries': addr.split(), 'url': a.findtext('url')}
rules = []
for r in root.iter('rule'):
    rules.append({'type': r.findtext('type'), 'src': ET.tostring(r.find('source'), encoding='unicode'), 'dst': ET.tostring(r.find('destination'), encoding='unicode'), 'descr': r.findtext('descr'), 'tracker': r.findtext('tracker')})
print(json.dumps({'root': root.tag, 'aliases': aliases, 'rules': rules}))
`;
  const r = run('python3', ['-c', code, file]);
  if (r.status !== 0) return { ok: false, aliases: {}, rules: [], out: r.stderr };
  const doc = JSON.parse(r.stdout) as {
    root: string;
    aliases: Record<string, { type: string; entries: string[]; url?: string }>;
    rules: Array<Record<string, string>>;
  };
  return { ok: doc.root === 'pfsense', aliases: doc.aliases, rules: doc.rules, out: '' };
}

/** Every address range of a Windows rule list, checked with python's ipaddress against what must stay reachable. */
export function rangesExclude(ranges: string[], allowed: string[]): { ok: boolean; out: string } {
  const code = `
import ipaddress, json, sys
data = json.load(sys.stdin)
allowed = [ipaddress.ip_network(a, strict=False) for a in data['allowed']]
total = {4: 0, 6: 0}
for r in data['ranges']:
    a, _, b = r.partition('-')
    lo = ipaddress.ip_address(a); hi = ipaddress.ip_address(b or a)
    for n in ipaddress.summarize_address_range(lo, hi):
        if any(n.overlaps(x) for x in allowed): print('overlap', n, file=sys.stderr); sys.exit(1)
        total[n.version] += n.num_addresses
for x in ipaddress.collapse_addresses([n for n in allowed if n.version == 4]): total[4] += x.num_addresses
for x in ipaddress.collapse_addresses([n for n in allowed if n.version == 6]): total[6] += x.num_addresses
if total[4] != 2**32 or total[6] != 2**128: print('gap', total, file=sys.stderr); sys.exit(1)
`;
  const r = run('python3', ['-c', code], JSON.stringify({ ranges, allowed }));
  return { ok: r.status === 0, out: r.stderr };
}

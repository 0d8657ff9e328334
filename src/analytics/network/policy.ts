/**
 * The organisation's allowed internal flows (`--policy FILE`, format in README.md beside this file):
 * zones (name → networks) and allow rules `src,dst,dst_port,proto`. Every internal→internal flow
 * that no rule allows is a policy violation. Bad lines are issues; nothing here throws for bad input.
 */
import { readFileSync } from 'node:fs';
import { issue, type Issue } from '../../core/issue.ts';
import { CidrList } from './ip.ts';
import './messages.ts';

interface Endpoint {
  any: boolean;
  nets?: CidrList;
  zone?: string;
}

export interface PolicyRule {
  src: Endpoint;
  dst: Endpoint;
  /** inclusive port ranges; empty = any port */
  ports: Array<[number, number]>;
  /** lowercase protocol or '' for any */
  proto: string;
  line: number;
  text: string;
  hits: number;
}

const MAX_RULES = 50_000;

export class FlowPolicy {
  readonly zones = new Map<string, CidrList>();
  readonly rules: PolicyRule[] = [];
  private readonly zoneMemo = new Map<string, string>();

  /** The first zone (in file order) that holds the address, or ''. */
  zoneOf(ip: string): string {
    const hit = this.zoneMemo.get(ip);
    if (hit !== undefined) return hit;
    let z = '';
    for (const [name, nets] of this.zones) {
      if (nets.contains(ip)) {
        z = name;
        break;
      }
    }
    if (this.zoneMemo.size > 100_000) this.zoneMemo.clear();
    this.zoneMemo.set(ip, z);
    return z;
  }

  private endpointHas(e: Endpoint, ip: string): boolean {
    if (e.any) return true;
    if (e.zone !== undefined) return this.zones.get(e.zone)?.contains(ip) ?? false;
    return e.nets!.contains(ip);
  }

  /** The rule that allows this flow, if any. */
  allowing(src: string, dst: string, port: number | undefined, proto: string): PolicyRule | undefined {
    const p = proto.toLowerCase();
    for (const r of this.rules) {
      if (r.proto && r.proto !== p) continue;
      if (r.ports.length) {
        if (port === undefined) continue;
        let ok = false;
        for (const [lo, hi] of r.ports) if (port >= lo && port <= hi) ok = true;
        if (!ok) continue;
      }
      if (!this.endpointHas(r.src, src) || !this.endpointHas(r.dst, dst)) continue;
      r.hits++;
      return r;
    }
    return undefined;
  }

  addText(text: string, file: string, issues: Issue[]): void {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const pending: Array<{ cells: string[]; no: number; raw: string }> = [];
    for (let i = 0; i < lines.length; i++) {
      const no = i + 1;
      const raw = lines[i].replace(/(^|\s)#.*$/, '').trim();
      if (!raw) continue;
      const cells = raw.split(',').map((c) => c.trim());
      if (cells[0].toLowerCase() === 'src_cidr' || cells[0].toLowerCase() === 'src') continue; // header
      if (cells[0].toLowerCase() === 'zone') {
        if (cells.length < 3 || !/^[A-Za-z][\w.-]{0,63}$/.test(cells[1])) {
          issues.push(
            issue(
              'network.policy_bad_line',
              { file, line: no },
              { reason: 'zone lines are "zone,NAME,CIDR[,CIDR...]"' },
            ),
          );
          continue;
        }
        const nets = this.zones.get(cells[1]) ?? new CidrList();
        for (const c of cells
          .slice(2)
          .flatMap((x) => x.split(/\s+/))
          .filter(Boolean)) {
          if (!nets.add(c))
            issues.push(
              issue('network.policy_bad_line', { file, line: no }, { reason: `not a network: ${c.slice(0, 60)}` }),
            );
        }
        this.zones.set(cells[1], nets);
        continue;
      }
      pending.push({ cells, no, raw });
    }
    // Rules may name zones defined further down the file.
    for (const { cells, no, raw } of pending) {
      if (this.rules.length >= MAX_RULES) {
        issues.push(issue('network.policy_too_many', { file, line: no }, { max: MAX_RULES }, 'error'));
        return;
      }
      const r = this.parseRule(cells, no, raw);
      if (typeof r === 'string') issues.push(issue('network.policy_bad_line', { file, line: no }, { reason: r }));
      else this.rules.push(r);
    }
  }

  private parseEndpoint(text: string): Endpoint | string {
    const t = text.trim();
    if (t === '*' || t.toLowerCase() === 'any' || t === '') return { any: true };
    if (this.zones.has(t)) return { any: false, zone: t };
    const nets = new CidrList();
    for (const part of t.split(/[\s;|]+/).filter(Boolean)) {
      if (this.zones.has(part)) {
        for (const s of this.zones.get(part)!.sources) nets.add(s);
      } else if (!nets.add(part)) return `not a network or zone: ${part.slice(0, 60)}`;
    }
    return { any: false, nets };
  }

  private parseRule(cells: string[], line: number, text: string): PolicyRule | string {
    if (cells.length < 4) return 'rules are "src,dst,dst_port,proto" (CIDR, IP or zone name; * for any)';
    const src = this.parseEndpoint(cells[0]);
    if (typeof src === 'string') return src;
    const dst = this.parseEndpoint(cells[1]);
    if (typeof dst === 'string') return dst;
    const ports: Array<[number, number]> = [];
    const portText = cells[2].trim();
    if (portText !== '*' && portText.toLowerCase() !== 'any' && portText !== '') {
      for (const p of portText.split(/[\s;|]+/).filter(Boolean)) {
        const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
        if (!m) return `not a port or range: ${p.slice(0, 30)}`;
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : Number(m[2]);
        if (lo > 65535 || hi > 65535 || hi < lo) return `not a port or range: ${p.slice(0, 30)}`;
        ports.push([lo, hi]);
      }
    }
    let proto = cells[3].trim().toLowerCase();
    if (proto === '*' || proto === 'any' || proto === 'ip') proto = '';
    if (proto && !/^[a-z0-9-]{1,16}$/.test(proto)) return `not a protocol: ${proto.slice(0, 20)}`;
    return { src, dst, ports, proto, line, text, hits: 0 };
  }
}

export function loadPolicy(paths: readonly string[], issues: Issue[]): FlowPolicy {
  const policy = new FlowPolicy();
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      issues.push(issue('network.policy_read_failed', { file: p }, { reason: (e as Error).message }, 'error'));
      continue;
    }
    policy.addText(text, p, issues);
  }
  return policy;
}

/**
 * A MISP event (MISP core format, `{"Event": {...}}`) with the case's indicators as attributes:
 * addresses as ip-dst (ip-src for attack sources), domains, URLs, file hashes. `to_ids` is set only
 * for confirmed indicators, so a partner's MISP exports to IDS only what intelligence or an analyst
 * confirmed; suspected ones stay as context. Not published; distribution "your organisation only"
 * and TLP:AMBER until the sender decides otherwise.
 */
import { uuid5 } from './common.ts';
import type { CaseIndicator } from './indicators.ts';

type Obj = Record<string, unknown>;

/** MISP attribute type and category for an indicator. */
export function mispType(i: CaseIndicator): { type: string; category: string } {
  switch (i.type) {
    case 'ip':
    case 'cidr':
      return {
        type: i.roles.includes('attacker') && i.roles.length === 1 ? 'ip-src' : 'ip-dst',
        category: 'Network activity',
      };
    case 'domain':
      return { type: 'domain', category: 'Network activity' };
    case 'url':
      return { type: 'url', category: 'Network activity' };
    default:
      return { type: i.type, category: 'Payload delivery' };
  }
}

export interface MispContext {
  caseId: string;
  title?: string;
  version: string;
  /** epoch seconds of the export */
  nowSeconds: number;
}

const iso = (us: number): string | undefined =>
  Number.isFinite(us) ? new Date(Math.floor(us / 1000)).toISOString() : undefined;

export function mispEvent(indicators: CaseIndicator[], ctx: MispContext): Obj {
  const ts = String(ctx.nowSeconds);
  const anyConfirmed = indicators.some((i) => i.confirmed);
  const attributes = indicators.map((i) => {
    const { type, category } = mispType(i);
    const a: Obj = {
      uuid: uuid5(`misp-attribute\u0000${ctx.caseId}\u0000${i.type}\u0000${i.value}`),
      type,
      category,
      value: i.value,
      to_ids: i.confirmed,
      distribution: '5',
      timestamp: ts,
      comment:
        `${i.confirmed ? 'confirmed' : 'suspected'} (${i.basis.join(', ')}); seen ${i.count}× on ${i.hosts.join(', ') || '-'}${i.intel?.label ? `; intel: ${i.intel.label}` : ''}`.slice(
          0,
          1000,
        ),
    };
    const first = iso(i.firstSeen);
    const last = iso(i.lastSeen);
    if (first) a.first_seen = first;
    if (last) a.last_seen = last;
    return a;
  });
  return {
    Event: {
      uuid: uuid5(`misp-event\u0000${ctx.caseId}`),
      info: `konseki case ${ctx.caseId}${ctx.title ? `: ${ctx.title}` : ''}`,
      date: new Date(ctx.nowSeconds * 1000).toISOString().slice(0, 10),
      threat_level_id: anyConfirmed ? '1' : '2',
      analysis: '1',
      distribution: '0',
      published: false,
      timestamp: ts,
      Tag: [{ name: 'tlp:amber' }, { name: `konseki:version="${ctx.version}"` }],
      Attribute: attributes,
    },
  };
}

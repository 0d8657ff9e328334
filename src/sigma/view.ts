/**
 * A per-event view for matching: field lookups (with the space-squashed names Sigma uses for EventData
 * names like "Threat Name"), lower-cased text cached per field, and an epoch that stamps memoized leaves.
 */
import type { FieldValue, Fields } from '../core/event.ts';
import type { SourceTarget } from './types.ts';

export class EventView {
  fields: Fields = {};
  epoch = 0;
  private lowerCache = new Map<string, string>();
  private squashed: Map<string, FieldValue> | null | undefined;

  reset(fields: Fields, epoch: number): void {
    this.fields = fields;
    this.epoch = epoch;
    this.lowerCache.clear();
    this.squashed = undefined;
  }

  /** The field's value; names with spaces or underscores in the event also answer to their squashed form. */
  get(name: string): FieldValue | undefined {
    const v = this.fields[name];
    if (v !== undefined) return v;
    if (this.squashed === undefined) this.squashed = buildSquashed(this.fields);
    return this.squashed?.get(name);
  }

  /** Lower-cased text of a scalar field value, cached under a key (the accessor's key). */
  lower(key: string, text: string): string {
    let l = this.lowerCache.get(key);
    if (l === undefined) {
      l = text.toLowerCase();
      this.lowerCache.set(key, l);
    }
    return l;
  }
}

/** "Threat Name" → ThreatName and Threat_Name, for names that contain a space. */
function buildSquashed(fields: Fields): Map<string, FieldValue> | null {
  let m: Map<string, FieldValue> | null = null;
  for (const k in fields) {
    if (!k.includes(' ')) continue;
    m ??= new Map();
    const v = fields[k]!;
    const joined = k.replace(/ +/g, '');
    const under = k.replace(/ +/g, '_');
    if (!(joined in fields)) m.set(joined, v);
    if (!(under in fields)) m.set(under, v);
  }
  return m;
}

export type Accessor = ((v: EventView) => FieldValue | undefined) & { key: string };

function named(key: string, fn: (v: EventView) => FieldValue | undefined): Accessor {
  return Object.assign(fn, { key });
}

/** How a rule field is read on one source: a rename, a value translation, or a template of several fields. */
export function accessorFor(field: string, target: SourceTarget | undefined, alias: (f: string) => string): Accessor {
  const spec = target?.fields?.[field];
  if (spec === undefined) {
    const name = alias(field);
    return named(name, (v) => v.get(name));
  }
  if (typeof spec === 'string') return named(spec, (v) => v.get(spec));
  const s = spec as {
    field?: string;
    template?: string;
    values?: Record<string, string>;
    prefixes?: Record<string, string>;
  };
  const values = s.values ? new Map(Object.entries(s.values).map(([k, x]) => [k.toLowerCase(), x])) : undefined;
  const prefixes = s.prefixes ? Object.entries(s.prefixes).map(([k, x]) => [k.toLowerCase(), x] as const) : undefined;
  const raw =
    s.template !== undefined
      ? templateReader(s.template)
      : (
          (src: string) => (v: EventView) =>
            v.get(src)
        )(s.field ?? field);
  const key = `${target!.name}:${field}`;
  return named(key, (v) => {
    const x = raw(v);
    if (x === undefined || x === null || Array.isArray(x)) return x;
    let text = String(x);
    if (values) {
      const t = values.get(text.toLowerCase());
      if (t !== undefined) return t;
    }
    if (prefixes) {
      const l = text.toLowerCase();
      for (const [p, r] of prefixes)
        if (l.startsWith(p)) {
          text = r + text.slice(p.length);
          break;
        }
      return text;
    }
    return x;
  });
}

/** `{A}\{B}` → the fields' texts joined; undefined when a field is absent. */
function templateReader(template: string): (v: EventView) => FieldValue | undefined {
  const pieces = template.split(/(\{[^}]+\})/).filter(Boolean);
  return (v) => {
    let out = '';
    for (const p of pieces) {
      if (p.startsWith('{') && p.endsWith('}')) {
        const x = v.get(p.slice(1, -1));
        if (x === undefined || x === null) return undefined;
        out += Array.isArray(x) ? x.join(' ') : String(x);
      } else out += p;
    }
    return out;
  };
}

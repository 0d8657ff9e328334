/**
 * Sigma rule tags split the way Hayabusa shows them: ATT&CK techniques, groups and software
 * (MitreTags: T1059.001, G0016, S0002), tactics by Hayabusa's abbreviations (MitreTactics), and
 * everything else (OtherTags). The Details column back into the object Hayabusa's JSON gives.
 */

/** Hayabusa's tactic abbreviations (its docs, output/abbreviations; Stealth was Defense Evasion). */
/** Hayabusa's separator between the parts of Details, ExtraFieldInfo and tag lists (as konseki's timeline writes them). */
export const SEPARATOR = ' ¦ ';

const TACTICS: Record<string, string> = {
  reconnaissance: 'Recon',
  resource_development: 'ResDev',
  initial_access: 'InitAccess',
  execution: 'Exec',
  persistence: 'Persis',
  privilege_escalation: 'PrivEsc',
  defense_evasion: 'Stealth',
  stealth: 'Stealth',
  defense_impairment: 'DefImpair',
  credential_access: 'CredAccess',
  discovery: 'Disc',
  lateral_movement: 'LatMov',
  collection: 'Collect',
  command_and_control: 'C2',
  exfiltration: 'Exfil',
  impact: 'Impact',
};

const ATTACK_ID = /^attack\.([tgs]\d{4}(?:\.\d{3})?)$/i;

export interface SplitTags {
  tactics: string[];
  techniques: string[];
  other: string[];
}

export function splitTags(tags: readonly string[]): SplitTags {
  const out: SplitTags = { tactics: [], techniques: [], other: [] };
  for (const raw of tags) {
    const t = raw.trim();
    if (!t) continue;
    const id = ATTACK_ID.exec(t);
    if (id) {
      const v = id[1]!.toUpperCase();
      if (!out.techniques.includes(v)) out.techniques.push(v);
      continue;
    }
    const lower = t.toLowerCase();
    if (lower.startsWith('attack.')) {
      const tactic = TACTICS[lower.slice(7).replace(/-/g, '_')];
      if (tactic) {
        if (!out.tactics.includes(tactic)) out.tactics.push(tactic);
        continue;
      }
    }
    out.other.push(t);
  }
  return out;
}

/** Only technique ids (T1059, T1059.001) of a technique/group/software list. */
export const techniqueIds = (ids: readonly string[]): string[] => ids.filter((x) => /^T\d{4}(\.\d{3})?$/.test(x));

const INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;

/**
 * "Label: value ¦ Label: value" to {Label: value}, as Hayabusa's JSON output makes it: a part with no
 * "label: " continues the previous value (a value may itself contain the separator), whole decimal
 * numbers become numbers, a repeated label gets a numbered key, "-" or "" gives {}.
 */
export function fieldsObject(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!text || text === '-') return out;
  let last: string | undefined;
  for (const part of text.split(SEPARATOR)) {
    const m = /^([^:\s][^:]{0,80}?): (.*)$/s.exec(part);
    if (!m) {
      if (last !== undefined) out[last] = `${out[last]}${SEPARATOR}${part}`;
      else out[(last = uniqueKey(out, 'Info'))] = part;
      continue;
    }
    last = uniqueKey(out, m[1]!);
    out[last] = m[2]!;
  }
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string' && INTEGER.test(v)) out[k] = Number(v);
  return out;
}

function uniqueKey(o: Record<string, unknown>, key: string): string {
  const k = key === '__proto__' ? '_proto_' : key;
  if (!(k in o)) return k;
  for (let i = 2; ; i++) if (!(`${k}${i}` in o)) return `${k}${i}`;
}

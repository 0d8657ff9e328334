/**
 * Validators of the export tests, from the official definitions vendored in test/export/schemas/
 * (rebuilt from upstream by scripts/vendor-export-schemas.mjs):
 * - STIX 2.1: the OASIS JSON Schemas, with ajv (draft 2020-12);
 * - ECS: every field is an ECS field (or under a custom name-space), of its ECS type, an array where
 *   ECS normalizes to arrays, categorization values allowed and event.type expected by a category;
 * - OCSF: the resolved Detection Finding class: required attributes, no unknown ones, types, enums,
 *   nested objects and their "at least one" constraints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMAS = join(import.meta.dirname, 'schemas');

// ---- STIX

export function stixValidators(): Record<string, (doc: unknown) => string[]> {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  const dir = join(SCHEMAS, 'stix', 'schemas');
  for (const sub of readdirSync(dir))
    for (const f of readdirSync(join(dir, sub))) ajv.addSchema(JSON.parse(readFileSync(join(dir, sub, f), 'utf8')));
  const base = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';
  const of = (path: string) => {
    const v = ajv.getSchema(`${base}/${path}`);
    if (!v) throw new Error(`no schema ${path}`);
    return (doc: unknown): string[] => (v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  };
  return {
    bundle: of('common/bundle.json'),
    indicator: of('sdos/indicator.json'),
    identity: of('sdos/identity.json'),
    sighting: of('sros/sighting.json'),
  };
}

// ---- ECS

interface EcsField {
  type: string;
  array?: boolean;
  allowed?: Record<string, string[] | null>;
}
let ecs: { version: string; fields: Record<string, EcsField> } | undefined;
export function ecsDefinitions() {
  ecs ??= JSON.parse(readFileSync(join(SCHEMAS, 'ecs', 'fields.json'), 'utf8'));
  return ecs!;
}

/** Custom name-spaces konseki writes beside ECS (Winlogbeat's winlog.* and its own). */
const CUSTOM = ['konseki.', 'winlog.'];
const STRINGS = new Set(['keyword', 'constant_keyword', 'wildcard', 'text', 'match_only_text', 'flattened']);
const NUMBERS = new Set(['long', 'integer', 'short', 'byte', 'float', 'double', 'scaled_float', 'half_float']);

function leaves(v: unknown, path: string, out: Array<[string, unknown]>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
    return;
  }
  out.push([path, v]);
}

export function validateEcs(doc: Record<string, unknown>): string[] {
  const { fields } = ecsDefinitions();
  const errors: string[] = [];
  const all: Array<[string, unknown]> = [];
  leaves(doc, '', all);
  const values = new Map(all);
  for (const req of ['@timestamp', 'ecs.version']) if (!values.has(req)) errors.push(`${req} missing`);
  for (const [path, v] of all) {
    if (CUSTOM.some((c) => path.startsWith(c))) continue;
    const f = fields[path];
    if (!f) {
      errors.push(`${path} is not an ECS field`);
      continue;
    }
    if (f.array && !Array.isArray(v)) errors.push(`${path} must be an array`);
    for (const x of Array.isArray(v) ? v : [v]) {
      const ok =
        STRINGS.has(f.type) || f.type === 'date'
          ? typeof x === 'string' && (f.type !== 'date' || !Number.isNaN(Date.parse(x)))
          : NUMBERS.has(f.type)
            ? typeof x === 'number' &&
              Number.isFinite(x) &&
              (!['long', 'integer'].includes(f.type) || Number.isInteger(x))
            : f.type === 'ip'
              ? typeof x === 'string' && isIP(x) !== 0
              : f.type === 'boolean'
                ? typeof x === 'boolean'
                : true;
      if (!ok) errors.push(`${path}: ${JSON.stringify(x)} is not ${f.type}`);
      if (f.allowed && !(String(x) in f.allowed)) errors.push(`${path}: ${String(x)} is not an allowed value`);
    }
  }
  const cats = values.get('event.category');
  const types = values.get('event.type');
  if (Array.isArray(cats) && Array.isArray(types)) {
    const expected = new Set(cats.flatMap((c) => fields['event.category']!.allowed?.[String(c)] ?? []));
    for (const t of types) if (!expected.has(String(t))) errors.push(`event.type ${t} is not expected for ${cats}`);
  }
  return errors;
}

// ---- OCSF

interface OcsfAttr {
  type: string;
  requirement: string;
  array?: boolean;
  enum?: number[];
  profile?: string;
  object?: string;
}
interface OcsfDefs {
  version: string;
  class: { name: string; uid: number; category_uid: number; attributes: Record<string, OcsfAttr> };
  objects: Record<string, { attributes: Record<string, OcsfAttr>; at_least_one?: string[] }>;
  types: Record<string, { base: string; regex?: string; range?: [number, number] }>;
  observable_type_ids: number[];
}
let ocsf: OcsfDefs | undefined;
export function ocsfDefinitions(): OcsfDefs {
  ocsf ??= JSON.parse(readFileSync(join(SCHEMAS, 'ocsf', 'detection_finding.json'), 'utf8'));
  return ocsf!;
}

function baseType(defs: OcsfDefs, t: string): string {
  let b = t;
  for (let i = 0; i < 5 && defs.types[b] && defs.types[b]!.base !== b; i++) b = defs.types[b]!.base;
  return b;
}

function checkValue(defs: OcsfDefs, a: OcsfAttr, v: unknown, path: string, profiles: string[], errors: string[]): void {
  if (a.object || a.type === 'object') {
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      errors.push(`${path}: not an object`);
      return;
    }
    if (a.object) checkObject(defs, a.object, v as Record<string, unknown>, path, profiles, errors);
    return;
  }
  const base = baseType(defs, a.type);
  const t = defs.types[a.type];
  const ok =
    base === 'string_t'
      ? typeof v === 'string'
      : base === 'integer_t' || base === 'long_t'
        ? Number.isInteger(v)
        : base === 'float_t'
          ? typeof v === 'number'
          : base === 'boolean_t'
            ? typeof v === 'boolean'
            : true; // json_t
  if (!ok) errors.push(`${path}: ${JSON.stringify(v)} is not ${a.type}`);
  if (t?.regex && typeof v === 'string' && !new RegExp(t.regex).test(v))
    errors.push(`${path}: does not match ${a.type}`);
  if (t?.range && typeof v === 'number' && (v < t.range[0] || v > t.range[1])) errors.push(`${path}: out of range`);
  if (a.enum && typeof v === 'number' && !a.enum.includes(v)) errors.push(`${path}: ${v} not in ${a.enum}`);
}

function checkAttrs(
  defs: OcsfDefs,
  attrs: Record<string, OcsfAttr>,
  doc: Record<string, unknown>,
  path: string,
  profiles: string[],
  errors: string[],
): void {
  for (const [k, a] of Object.entries(attrs))
    if (a.requirement === 'required' && (!a.profile || profiles.includes(a.profile)) && doc[k] === undefined)
      errors.push(`${path}${k}: required`);
  for (const [k, v] of Object.entries(doc)) {
    if (v === undefined) continue;
    const a = attrs[k];
    if (!a) {
      errors.push(`${path}${k}: not an attribute`);
      continue;
    }
    if (a.profile && !profiles.includes(a.profile)) errors.push(`${path}${k}: needs profile ${a.profile}`);
    if (a.array) {
      if (!Array.isArray(v)) errors.push(`${path}${k}: must be an array`);
      else v.forEach((x, i) => checkValue(defs, a, x, `${path}${k}[${i}]`, profiles, errors));
    } else checkValue(defs, a, v, `${path}${k}`, profiles, errors);
  }
}

function checkObject(
  defs: OcsfDefs,
  name: string,
  doc: Record<string, unknown>,
  path: string,
  profiles: string[],
  errors: string[],
): void {
  const o = defs.objects[name];
  if (!o) {
    errors.push(`${path}: object ${name} is not vendored (add it to scripts/vendor-export-schemas.mjs)`);
    return;
  }
  checkAttrs(defs, o.attributes, doc, `${path}.`, profiles, errors);
  if (o.at_least_one && !o.at_least_one.some((k) => doc[k] !== undefined))
    errors.push(`${path}: needs one of ${o.at_least_one.join(', ')}`);
  if (name === 'observable' && !defs.observable_type_ids.includes(doc.type_id as number))
    errors.push(`${path}.type_id ${doc.type_id} is not an observable type`);
}

export function validateOcsf(doc: Record<string, unknown>): string[] {
  const defs = ocsfDefinitions();
  const errors: string[] = [];
  const meta = doc.metadata as Record<string, unknown> | undefined;
  const profiles = Array.isArray(meta?.profiles) ? (meta!.profiles as string[]) : [];
  checkAttrs(defs, defs.class.attributes, doc, '', profiles, errors);
  if (doc.type_uid !== (doc.class_uid as number) * 100 + (doc.activity_id as number)) errors.push('type_uid');
  return errors;
}

#!/usr/bin/env node
/**
 * Rebuilds test/export/schemas/ (the parts of the official schemas the export tests validate
 * against) from the corpus copy of the upstream repositories (.corpus/schemas/, see its README for
 * sources, commits and licences):
 * - stix/: the STIX 2.1 JSON Schemas, all of them (a bundle's objects are checked against every type), as is;
 * - ecs/fields.json: name, type, normalize and allowed values of every ECS field (from ecs_flat.yml);
 * - ocsf/detection_finding.json: OCSF's Detection Finding (class 2004) with base_event, finding and
 *   the profiles it includes resolved, the dictionary types applied, and the objects it can nest.
 * Usage: node scripts/vendor-export-schemas.mjs [corpus-schemas-dir]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const src = process.argv[2] ?? '.corpus/schemas';
const out = 'test/export/schemas';
const json = (p) => JSON.parse(readFileSync(join(src, p), 'utf8'));
const write = (p, v) => {
  mkdirSync(dirname(join(out, p)), { recursive: true });
  writeFileSync(join(out, p), typeof v === 'string' ? v : `${JSON.stringify(v, null, 1)}\n`);
};
const copy = (from, to) => {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  copyFileSync(join(src, from), join(out, to));
};

// ---- STIX: the whole schema set (the bundle schema refers to every object type)
const STIX = [];
for (const sub of readdirSync(join(src, 'stix/schemas')))
  for (const f of readdirSync(join(src, 'stix/schemas', sub))) STIX.push(`${sub}/${f}`);
for (const f of STIX) copy(`stix/schemas/${f}`, `stix/schemas/${f}`);
copy('stix/LICENSE', 'stix/LICENSE');
copy('stix/COMMIT', 'stix/SOURCE');

// ---- ECS
const flat = parse(readFileSync(join(src, 'ecs/generated/ecs/ecs_flat.yml'), 'utf8'));
const fields = {};
/** the ECS field sets konseki writes (src/export/ecs*.ts); others are not needed to validate */
const ECS_SETS = new Set([
  '@timestamp',
  'message',
  'tags',
  'labels',
  'ecs',
  'event',
  'rule',
  'threat',
  'host',
  'source',
  'destination',
  'user',
  'process',
  'url',
  'file',
  'log',
  'http',
  'dns',
  'user_agent',
  'registry',
]);
for (const [name, f] of Object.entries(flat)) {
  if (!ECS_SETS.has(name.split('.')[0])) continue;
  const e = { type: f.type };
  if (f.normalize?.includes('array')) e.array = true;
  if (f.allowed_values)
    e.allowed = Object.fromEntries(f.allowed_values.map((a) => [a.name, a.expected_event_types ?? null]));
  fields[name] = e;
}
write('ecs/fields.json', {
  version: readFileSync(join(src, 'ecs/VERSION'), 'utf8').match(/version_file: (\S+)/)[1],
  fields,
});
copy('ecs/LICENSE.txt', 'ecs/LICENSE.txt');
copy('ecs/NOTICE.txt', 'ecs/NOTICE.txt');
copy('ecs/VERSION', 'ecs/SOURCE');

// ---- OCSF
const dict = json('ocsf/dictionary.json');
const types = dict.types.attributes;
const objectFile = (name) => `ocsf/objects/${name}.json`;

/** attributes of a class or object, with extends, $include (profiles) and overrides merged */
function resolve(file, seen = new Set()) {
  const o = json(file);
  let attrs = {};
  if (o.extends && o.extends !== 'object') {
    const parent = file.includes('/events/')
      ? o.extends === 'base_event'
        ? 'ocsf/events/base_event.json'
        : `ocsf/events/findings/${o.extends}.json`
      : objectFile(o.extends);
    attrs = resolve(parent, seen).attrs;
  }
  for (const inc of o.attributes.$include ?? []) {
    const p = json(`ocsf/${inc}`);
    for (const [k, v] of Object.entries(p.attributes))
      attrs[k] = { ...(attrs[k] ?? {}), ...v, profile: attrs[k]?.profile ?? p.name };
  }
  for (const [k, v] of Object.entries(o.attributes)) {
    if (k === '$include') continue;
    const merged = { ...(attrs[k] ?? {}), ...v };
    if (attrs[k]?.enum && v.enum) merged.enum = { ...attrs[k].enum, ...v.enum };
    attrs[k] = merged;
  }
  return { o, attrs };
}

const OBJECT_TYPES = new Set(Object.keys(types));
function typed(attrs) {
  const outAttrs = {};
  for (const [k, a] of Object.entries(attrs)) {
    const d = dict.attributes[k] ?? {};
    const type = a.type ?? d.type;
    const entry = { type, requirement: a.requirement ?? 'optional' };
    if (a.is_array ?? d.is_array) entry.array = true;
    const en = a.enum || d.enum ? { ...(d.enum ?? {}), ...(a.enum ?? {}) } : undefined;
    if (en) entry.enum = Object.keys(en).map(Number);
    if (a.profile) entry.profile = a.profile;
    if (!OBJECT_TYPES.has(type) && type !== 'object') entry.object = type;
    outAttrs[k] = entry;
  }
  return outAttrs;
}

const cls = resolve('ocsf/events/findings/detection_finding.json');
const category = json('ocsf/categories.json').attributes[json('ocsf/events/findings/finding.json').category];
const classUid = category.uid * 1000 + cls.o.uid;
/** the OCSF objects konseki writes inside a Detection Finding (src/export/ocsf.ts) */
const OCSF_OBJECTS = new Set([
  'metadata',
  'product',
  'finding_info',
  'analytic',
  'attack',
  'technique',
  'sub_technique',
  'tactic',
  'observable',
  'device',
  'evidences',
  'network_endpoint',
  'url',
  'key_value_object',
]);
const objects = {};
const queue = Object.values(typed(cls.attrs))
  .filter((a) => a.object)
  .map((a) => a.object);
while (queue.length) {
  const name = queue.shift();
  if (objects[name] || !OCSF_OBJECTS.has(name) || !existsSync(join(src, objectFile(name)))) continue;
  const r = resolve(objectFile(name));
  const constraints = r.o.constraints ?? {};
  let parent = r.o.extends;
  while (parent && parent !== 'object' && !constraints.at_least_one) {
    const p = json(objectFile(parent));
    if (p.constraints?.at_least_one) constraints.at_least_one = p.constraints.at_least_one;
    parent = p.extends;
  }
  objects[name] = {
    attributes: typed(r.attrs),
    ...(constraints.at_least_one ? { at_least_one: constraints.at_least_one } : {}),
  };
  for (const a of Object.values(objects[name].attributes)) if (a.object && !objects[a.object]) queue.push(a.object);
}
const observableTypes = [
  0,
  99,
  ...Object.values(types)
    .filter((t) => t.observable)
    .map((t) => t.observable),
];
for (const name of Object.keys(objects)) {
  const o = json(objectFile(name));
  if (o.observable) observableTypes.push(o.observable);
}
for (const a of Object.values(dict.attributes)) if (a.observable) observableTypes.push(a.observable);
// an observable's type_id enum is made of every type, object and attribute that declares an observable number
objects.observable.attributes.type_id.enum = [...new Set(observableTypes)].sort((a, b) => a - b);
const classAttrs = typed(cls.attrs);
// the uids of one class are fixed numbers, not the dictionary's placeholder enums
classAttrs.class_uid.enum = [classUid];
classAttrs.category_uid.enum = [category.uid];
classAttrs.type_uid.enum = classAttrs.activity_id.enum.map((a) => classUid * 100 + a);
write('ocsf/detection_finding.json', {
  version: json('ocsf/version.json').version,
  class: { name: cls.o.name, uid: classUid, category_uid: category.uid, attributes: classAttrs },
  objects,
  types: Object.fromEntries(
    Object.entries(types).map(([k, t]) => [
      k,
      { base: t.type ?? k, ...(t.regex ? { regex: t.regex } : {}), ...(t.range ? { range: t.range } : {}) },
    ]),
  ),
  observable_type_ids: [...new Set(observableTypes)].sort((a, b) => a - b),
});
copy('ocsf/LICENSE', 'ocsf/LICENSE');
copy('ocsf/NOTICE', 'ocsf/NOTICE');
copy('ocsf/COMMIT', 'ocsf/SOURCE');
console.log(
  `wrote ${out}: stix ${STIX.length} schemas, ecs ${Object.keys(fields).length} fields, ocsf class ${classUid} with ${Object.keys(objects).length} objects`,
);

/**
 * The EVTX writer against the independent parsers: libevtx (`evtxexport`) and python-evtx must read
 * every record of a multi-chunk writer-made file with the values written, python-evtx must find
 * the checksums valid and each template defined once per chunk, and our reader must give back
 * exactly what was written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { newStats, readEvtx, recordFields } from '../../../src/sources/evtx/index.ts';
import { buildEvtx, type WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { typed, type WriteValue } from '../../../src/sources/evtx/writer-values.ts';
import { generateEvents, type Generated } from '../../support/evtx/generate.ts';
import {
  PYTHON,
  evtxexportAvailable,
  pythonEvtxAvailable,
  readWithEvtxexport,
  readWithPythonEvtx,
  type ToolRecord,
} from '../../support/evtx/independent.ts';

type Tool = 'libevtx' | 'python-evtx';

const toUs = (text: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(text.trim());
  if (!m) return NaN;
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6));
};
const guidKey = (s: string): string => s.replace(/[{}]/g, '').toUpperCase();
const hexBytes = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

/** Does a tool's text for a value say what was written? (each tool has its own text forms) */
function sameValue(written: WriteValue, text: string, tool: Tool): boolean {
  const v = typed(written);
  switch (v.type) {
    case 'string':
      return text === v.value;
    case 'bool':
      return text.toLowerCase() === String(v.value);
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'int64':
    case 'hex32':
    case 'hex64':
      return /^(0x[0-9a-f]+|\d+)$/i.test(text) && BigInt(text) === BigInt(v.value);
    case 'sid':
      return text === v.value;
    case 'guid':
      return guidKey(text) === guidKey(v.value);
    case 'filetime':
      return Math.abs(toUs(text) - v.value) <= (tool === 'python-evtx' ? 2 : 0);
    case 'binary':
      return tool === 'python-evtx'
        ? Buffer.from(text, 'base64').equals(Buffer.from(v.value))
        : text === hexBytes(v.value);
    default:
      return false;
  }
}

/** The field value our reader must give for a written value. */
function ours(written: WriteValue): string | number {
  const v = typed(written);
  switch (v.type) {
    case 'string':
    case 'sid':
      return v.value;
    case 'bool':
      return String(v.value);
    case 'uint16':
    case 'uint32':
      return v.value;
    case 'uint64':
    case 'int64':
      return BigInt(v.value) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : String(v.value);
    case 'hex32':
    case 'hex64':
      return `0x${BigInt(v.value).toString(16)}`;
    case 'guid':
      return `{${guidKey(v.value)}}`;
    case 'filetime':
      return new Date(Math.floor(v.value / 1000))
        .toISOString()
        .replace(/\.\d{3}Z$/, `.${String(v.value % 1_000_000).padStart(6, '0')}Z`);
    case 'binary':
      return hexBytes(v.value);
    default:
      return '?';
  }
}

function systemExpectations(e: WriteEvent, id: number): Array<[string, WriteValue]> {
  const out: Array<[string, WriteValue]> = [
    ['Provider_Name', e.provider],
    ['EventID', e.eventId],
    ['Version', e.version ?? 0],
    ['Level', e.level ?? 0],
    ['Task', e.task ?? 0],
    ['Opcode', e.opcode ?? 0],
    ['Keywords', { type: 'hex64', value: e.keywords ?? 0 }],
    ['TimeCreated_SystemTime', { type: 'filetime', value: e.time }],
    ['EventRecordID', id],
    ['Execution_ProcessID', e.processId ?? 0],
    ['Execution_ThreadID', e.threadId ?? 0],
    ['Channel', e.channel],
    ['Computer', e.computer],
  ];
  if (e.providerGuid) out.push(['Provider_Guid', { type: 'guid', value: e.providerGuid }]);
  if (e.userSid) out.push(['Security_UserID', { type: 'sid', value: e.userSid }]);
  if (e.activityId) out.push(['Correlation_ActivityID', { type: 'guid', value: e.activityId }]);
  return out;
}

function checkTool(tool: Tool, got: ToolRecord[], events: Generated[]): string[] {
  const problems: string[] = [];
  if (got.length !== events.length) problems.push(`${tool}: ${got.length} records, wrote ${events.length}`);
  events.forEach((g, i) => {
    const rec = got[i];
    const where = `${tool} record ${i + 1}`;
    if (!rec || rec.error) return void problems.push(`${where}: ${rec?.error ?? 'missing'}`);
    for (const [field, v] of systemExpectations(g.event, i + 1)) {
      const text = rec.system[field];
      if (text === undefined || !sameValue(v, text, tool)) problems.push(`${where} ${field}: ${JSON.stringify(text)}`);
    }
    const read: Array<[string | null, string]> = g.event.userData
      ? (rec.user?.children ?? []).map((c) => [c.name, c.text])
      : rec.data;
    if (read.length !== g.data.length)
      return void problems.push(`${where}: ${read.length} data values, wrote ${g.data.length}`);
    g.data.forEach((d, j) => {
      const [name, text] = read[j]!;
      if ((name ?? undefined) !== d.name || !sameValue(d.value, text, tool))
        problems.push(`${where} data ${j}: ${name}=${JSON.stringify(text)}`);
    });
  });
  return problems;
}

describe('EVTX writer', () => {
  let dir = '';
  let file = '';
  const events = [...generateEvents(1500, 7)];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'konseki-evtx-writer-'));
    file = join(dir, 'written.evtx');
    writeFileSync(file, buildEvtx(events.map((g) => g.event)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('our reader gives back exactly what was written, without any issue', () => {
    const issues: Issue[] = [];
    const stats = newStats();
    const recs = [...readEvtx(file, issues, stats)];
    expect(issues).toEqual([]);
    expect(stats.chunks).toBeGreaterThan(3);
    expect(recs.length).toBe(events.length);
    const problems: string[] = [];
    recs.forEach((r, i) => {
      const g = events[i]!;
      const f = recordFields(r.root);
      for (const [field, v] of systemExpectations(g.event, i + 1))
        if (f[field] !== ours(v))
          problems.push(`record ${i + 1} ${field}: ${JSON.stringify(f[field])} vs ${JSON.stringify(ours(v))}`);
      const named = g.data.filter((d) => d.name !== undefined);
      for (const d of named)
        if (f[d.name!] !== ours(d.value))
          problems.push(`record ${i + 1} ${d.name}: ${JSON.stringify(f[d.name!])} vs ${JSON.stringify(ours(d.value))}`);
      const unnamed = g.data.filter((d) => d.name === undefined).map((d) => ours(d.value));
      if (unnamed.length) expect(f.Data).toEqual(unnamed.length === 1 ? unnamed[0] : unnamed);
    });
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it.skipIf(!evtxexportAvailable())('libevtx (evtxexport) reads every record and value', () => {
    expect(checkTool('libevtx', readWithEvtxexport(file), events).slice(0, 10)).toEqual([]);
  });

  it.skipIf(!pythonEvtxAvailable())('python-evtx reads every record and value', () => {
    expect(checkTool('python-evtx', readWithPythonEvtx(file), events).slice(0, 10)).toEqual([]);
  });

  it.skipIf(!pythonEvtxAvailable())(
    'python-evtx finds valid checksums and each template defined once per chunk',
    () => {
      const script = `
import sys, json, Evtx.Evtx as evtx
with evtx.Evtx(sys.argv[1]) as log:
    fh = log.get_file_header()
    out = {'header': fh.verify(), 'chunks': []}
    for c in fh.chunks():
        guids = [str(t.guid()) for t in c.templates().values()]
        out['chunks'].append({'ok': c.verify(), 'templates': len(guids), 'unique': len(set(guids)), 'strings': len(c.strings())})
    print(json.dumps(out))`;
      const r = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const info = JSON.parse(r.stdout) as {
        header: boolean;
        chunks: Array<{ ok: boolean; templates: number; unique: number; strings: number }>;
      };
      expect(info.header).toBe(true);
      expect(info.chunks.length).toBeGreaterThan(3);
      for (const c of info.chunks) {
        expect(c.ok).toBe(true);
        expect(c.templates).toBe(c.unique);
        expect(c.templates).toBeGreaterThan(3);
        expect(c.strings).toBeGreaterThan(20);
      }
    },
  );
});

/**
 * Reads an .evtx with the independent parsers installed from Debian: libevtx's `evtxexport -f xml`
 * and python-evtx (`import Evtx`). Both produce XML; Python's ElementTree (an XML parser only)
 * turns each event into the same small JSON shape so tests can compare values.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ToolRecord {
  id?: number;
  /** System children: `Name` → text, `Name_Attr` → attribute value */
  system: Record<string, string>;
  /** EventData Data elements in order: [Name or null, text] */
  data: Array<[string | null, string]>;
  user: ToolElement | null;
  error?: string;
}
export interface ToolElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: ToolElement[];
}

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const SCRIPT = String.raw`
import sys, json, xml.etree.ElementTree as ET
NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'
def tree(e):
    return {'name': e.tag.split('}')[-1], 'attrs': dict(e.attrib), 'text': e.text or '', 'children': [tree(c) for c in e]}
def simplify(ev):
    out = {'system': {}, 'data': [], 'user': None}
    s = ev.find(NS + 'System')
    for c in (s if s is not None else []):
        tag = c.tag.replace(NS, '')
        if c.text and c.text.strip(): out['system'][tag] = c.text
        for k, v in c.attrib.items(): out['system'][tag + '_' + k] = v
    ed = ev.find(NS + 'EventData')
    if ed is not None:
        for d in ed: out['data'].append([d.get('Name'), d.text or ''])
    ud = ev.find(NS + 'UserData')
    if ud is not None and len(ud): out['user'] = tree(ud[0])
    return out
if sys.argv[1] == 'python-evtx':
    import Evtx.Evtx as evtx
    with evtx.Evtx(sys.argv[2]) as log:
        for rec in log.records():
            try:
                d = simplify(ET.fromstring(rec.xml()))
                d['id'] = rec.record_num()
            except Exception as e:
                d = {'error': repr(e), 'system': {}, 'data': [], 'user': None}
            print(json.dumps(d, ensure_ascii=False))
else:
    text = sys.stdin.read()
    body = text.split('\n', 1)[1] if text.startswith('evtxexport') else text
    for ev in ET.fromstring('<r>' + body + '</r>'):
        print(json.dumps(simplify(ev), ensure_ascii=False))
`;

function lines(out: string): ToolRecord[] {
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ToolRecord);
}

export function pythonEvtxAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import Evtx.Evtx'], { encoding: 'utf8' }).status === 0;
}

export function evtxexportAvailable(): boolean {
  return spawnSync('evtxexport', ['-h'], { encoding: 'utf8' }).error === undefined;
}

export function readWithPythonEvtx(path: string): ToolRecord[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT, 'python-evtx', path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python-evtx failed: ${r.stderr}`);
  return lines(r.stdout);
}

export function readWithEvtxexport(path: string): ToolRecord[] {
  const x = spawnSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (x.status !== 0) throw new Error(`evtxexport failed (${x.status}): ${x.stderr}`);
  const r = spawnSync(PYTHON, ['-c', SCRIPT, 'evtxexport'], { input: x.stdout, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`parsing evtxexport's XML failed: ${r.stderr}`);
  return lines(r.stdout);
}

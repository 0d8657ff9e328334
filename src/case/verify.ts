/**
 * `konseki case verify`, end to end. A clean verification says: the evidence hashes as the manifest
 * says; the manifest is the one the custody log recorded (so evidence edited and its new hash patched
 * into the manifest is found); the custody log chains line to line and ends where custody-head.json
 * says (so a removed last line, an emptied or deleted log is found); every output the log recorded is
 * still the file it recorded; at least one triage (or `case manifest`) completed; and the last run on
 * the case was not killed half-way.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sha256File } from '../core/hash.ts';
import { issue, type Issue } from '../core/issue.ts';
import { CaseDir } from './case-dir.ts';
import {
  type CustodyCheck,
  type CustodyEntry,
  lastLine,
  lineHash,
  type ManifestChange,
  readCustody,
  readCustodyHead,
  verifyCustody,
  verifyEvidenceManifest,
} from './custody.ts';
import { CASE_FILE, CUSTODY_FILE, CUSTODY_HEAD_FILE, MANIFEST_FILE, RECORD_FILE, RUN_STATE_FILE } from './files.ts';
import './messages.ts';

/** Files konseki writes and records in the custody log; anything else changing them breaks the chain. */
const TRACKED = [
  MANIFEST_FILE,
  'timeline.csv',
  'timeline.jsonl',
  'findings.jsonl',
  'report.html',
  'report.md',
  RECORD_FILE,
  'respond/plan.json',
];
/** Commands that record the evidence baseline of a case. */
const BASELINE_COMMANDS = new Set(['triage', 'case manifest']);

export interface CaseVerification {
  manifest?: { checked: number; changes: ManifestChange[] };
  custody: CustodyCheck;
  /** end-to-end findings; `error` ones fail the verification */
  problems: Issue[];
}

/** The path of an input or output of an entry relative to the case directory, or undefined when outside it. */
function caseRelative(e: CustodyEntry, path: string, dir: string): string | undefined {
  const base = e.case_dir ?? dir;
  const rel = relative(base, path);
  if (!rel || rel.startsWith('..') || rel.startsWith(sep) || resolve(base, rel) !== resolve(path)) return undefined;
  return rel.split(sep).join('/');
}

export async function verifyCase(dirIn: string): Promise<CaseVerification> {
  const c = new CaseDir(dirIn);
  const dir = c.dir;
  const problems: Issue[] = [];
  const at = (name: string) => ({ file: join(dir, name) });

  const m = c.manifest(problems);
  const manifest = m ? await verifyEvidenceManifest(m) : undefined;

  const custody = verifyCustody(dir);
  const entries = readCustody(dir);
  const head = readCustodyHead(dir);
  const logExists = existsSync(join(dir, CUSTODY_FILE));
  const logEmpty = !logExists || statSync(join(dir, CUSTODY_FILE)).size === 0;

  // the log must end where its head says
  if (head) {
    const last = lastLine(join(dir, CUSTODY_FILE));
    if (!last) problems.push(issue('case.verify.log_emptied', at(CUSTODY_FILE), { seq: head.seq }, 'error'));
    else if (lineHash(last) !== head.sha256) {
      let seq: number | string = '?';
      try {
        seq = Number((JSON.parse(last) as CustodyEntry).seq);
      } catch {
        // the chain check reports a line that is not JSON
      }
      problems.push(issue('case.verify.log_truncated', at(CUSTODY_FILE), { seq: head.seq, found: seq }, 'error'));
    }
  } else if (entries.some((e) => e.case_dir !== undefined)) {
    // logs written by this version always have a head
    problems.push(issue('case.verify.no_head', at(CUSTODY_HEAD_FILE), undefined, 'error'));
  }
  if (logEmpty && !head && (m || existsSync(join(dir, CASE_FILE))))
    problems.push(issue('case.verify.no_log', at(CUSTODY_FILE), undefined, 'error'));

  if (!entries.some((e) => BASELINE_COMMANDS.has(e.command)))
    problems.push(issue('case.verify.no_triage', at(CUSTODY_FILE), undefined, 'error'));

  // every tracked file is the one the last entry that recorded it saw
  const latest = new Map<string, string>();
  for (const e of entries)
    for (const h of [...(e.inputs ?? []), ...(e.outputs ?? [])]) {
      if (!h || typeof h.path !== 'string' || !h.sha256) continue;
      const rel = caseRelative(e, h.path, dir);
      if (rel) latest.set(rel, h.sha256);
    }
  for (const name of [...TRACKED, CASE_FILE]) {
    const recorded = latest.get(name);
    const file = join(dir, name);
    const present = existsSync(file);
    if (!recorded) {
      if (name === MANIFEST_FILE && present)
        problems.push(issue('case.verify.unrecorded', at(name), undefined, 'error'));
      continue;
    }
    if (!present) {
      problems.push(issue('case.verify.output_missing', at(name), undefined, name === CASE_FILE ? 'info' : 'error'));
      continue;
    }
    const now = await sha256File(file).catch(() => '');
    if (now !== recorded)
      problems.push(
        name === CASE_FILE
          ? issue('case.verify.case_json_edited', at(name), undefined, 'info')
          : issue('case.verify.output_changed', at(name), { recorded: recorded.slice(0, 16) }, 'error'),
      );
  }

  const run = c.runState();
  if (run && run.status !== 'completed')
    problems.push(
      issue(
        'case.verify.incomplete_run',
        at(RUN_STATE_FILE),
        { command: run.command, started: run.started, status: run.status },
        'error',
      ),
    );

  return { manifest, custody, problems };
}

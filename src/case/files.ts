/** The names of the files of a case directory (case-dir.ts owns reading and writing them). */
export const CASE_FILE = 'case.json';
export const RUN_STATE_FILE = 'run-state.json';
export const CUSTODY_FILE = 'custody.jsonl';
export const CUSTODY_HEAD_FILE = 'custody-head.json';
export const MANIFEST_FILE = 'evidence-manifest.json';
export const RECORD_FILE = 'incident-record.json';
export const WORK_DIR = '.work';

/** Files whose presence makes a directory a konseki case. */
export const CASE_MARKERS = [CUSTODY_FILE, CUSTODY_HEAD_FILE, MANIFEST_FILE, CASE_FILE, RUN_STATE_FILE];

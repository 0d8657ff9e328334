/**
 * Fixtures for the web workspace tests: the demo incident with hostile values added to its logs (a
 * Squid request with a script-laden User-Agent and URL, a Windows 4688 with a script-laden command
 * line), triaged once per build of the CLI and copied for each test file (tests change the case:
 * review marks, containment files); `konseki serve` started as a user starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { writeEvtx } from '../../src/sources/evtx/writer.ts';
import { CLI, konseki } from './cli.ts';

/** Values an attacker put into the logs; each must reach the browser as text only. */
export const HOSTILE_UA = 'Mozilla/5.0 <img src=x onerror=window.__pwned=1><svg/onload=window.__pwned=2>';
export const HOSTILE_URL = 'http://203.0.113.99/dl/x"><script>window.__pwned=3</script>.exe';
export const HOSTILE_CMD =
  'powershell.exe -nop -w hidden -enc SQBFAFgA "><img src=x onerror=window.__pwned=4> <script>window.__pwned=5</script>';

/** The Squid native line of the hostile request (client 10.10.1.21, PC-SALES01). */
function hostileSquidLine(epochSeconds: number): string {
  return `${epochSeconds.toFixed(3)}    120 10.10.1.21 TCP_MISS/200 734003 GET ${HOSTILE_URL} - HIER_DIRECT/203.0.113.99 application/octet-stream "-" "${HOSTILE_UA}"\n`;
}

/** Adds the hostile evidence to a demo evidence directory written by `konseki demo --no-triage`. */
export function addHostileEvidence(evidence: string): void {
  // 2026-10-14 10:40:00 +09:00, inside the demo's day
  const t = Date.UTC(2026, 9, 14, 1, 40, 0);
  const squid = join(evidence, 'network', 'proxy', 'access.log');
  if (!existsSync(squid)) throw new Error(`demo layout changed: ${squid} is missing`);
  appendFileSync(squid, hostileSquidLine(t / 1000));
  const dir = join(evidence, 'windows', 'PC-SALES01');
  mkdirSync(dir, { recursive: true });
  writeEvtx(join(dir, 'Hostile-Security.evtx'), [
    {
      provider: 'Microsoft-Windows-Security-Auditing',
      providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      channel: 'Security',
      computer: 'PC-SALES01.corp.example',
      keywords: 0x8020000000000000n,
      eventId: 4688,
      version: 2,
      task: 13312,
      time: (t + 5000) * 1000,
      recordId: 90001,
      processId: 4,
      threadId: 7340,
      eventData: {
        SubjectUserSid: { type: 'sid', value: 'S-1-5-21-3623811015-3361044348-30300820-1105' },
        SubjectUserName: 'tanaka',
        SubjectDomainName: 'CORP',
        SubjectLogonId: { type: 'hex64', value: 0x5a3f1c },
        NewProcessId: { type: 'hex64', value: 0x1f00 },
        NewProcessName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        TokenElevationType: '%%1938',
        ProcessId: { type: 'hex64', value: 0x1e00 },
        CommandLine: HOSTILE_CMD,
        TargetUserSid: { type: 'sid', value: 'S-1-0-0' },
        TargetUserName: '-',
        TargetDomainName: '-',
        TargetLogonId: { type: 'hex64', value: 0 },
        ParentProcessName: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        MandatoryLabel: { type: 'sid', value: 'S-1-16-8192' },
      },
    },
  ]);
}

/** The triage arguments `konseki demo` uses. */
export const demoTriageArgs = (evidence: string, out: string, iocs: string): string[] => [
  'triage',
  evidence,
  '-o',
  out,
  '--ioc',
  iocs,
  '--timezone',
  'Asia/Tokyo',
  '--log-timezone',
  'Asia/Tokyo',
  '-q',
];

/**
 * The hostile demo case, built once per CLI build (shared by the test files through a lock directory) and
 * copied into a fresh directory for the caller. Evidence stays in the shared place (read-only use).
 */
export async function hostileDemoCase(): Promise<{ caseDir: string; evidence: string; iocs: string }> {
  const key = createHash('sha256').update(readFileSync(CLI)).digest('hex').slice(0, 12);
  const root = resolve('.tmp', `web-fixture-${key}`);
  const done = join(root, 'done');
  const lock = `${root}.lock`;
  for (let waited = 0; !existsSync(done); waited += 200) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      if (waited > 240_000) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    if (mine) {
      try {
        if (!existsSync(done)) {
          rmSync(root, { recursive: true, force: true });
          const w = konseki(['demo', '-o', root, '--no-triage', '-q']);
          if (w.code !== 0) throw new Error(`konseki demo failed: ${w.stderr}`);
          addHostileEvidence(join(root, 'evidence'));
          const r = konseki(demoTriageArgs(join(root, 'evidence'), join(root, 'case'), join(root, 'iocs.txt')));
          if (r.code !== 0) throw new Error(`konseki triage failed: ${r.stderr}`);
          writeFileSync(done, new Date().toISOString());
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
  }
  const caseDir = mkdtempSync(join(tmpdir(), 'konseki-web-case-'));
  cpSync(join(root, 'case'), caseDir, { recursive: true });
  return { caseDir, evidence: join(root, 'evidence'), iocs: join(root, 'iocs.txt') };
}

export interface Served {
  url: string;
  base: string;
  token: string;
  proc: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Starts `konseki serve` and waits for the first line (the URL). */
export async function startServe(args: string[], timeoutMs = 120_000): Promise<Served> {
  const proc = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`konseki serve did not start: ${err}`)), timeoutMs);
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (line) => {
      clearTimeout(timer);
      ok(line.trim());
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`konseki serve exited (${code}): ${err}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    base: `${u.protocol}//${u.host}`,
    token: u.searchParams.get('token') ?? '',
    proc,
    stderr: () => err,
    stop: () =>
      new Promise<void>((done) => {
        if (proc.exitCode !== null) return done();
        proc.once('exit', () => done());
        proc.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, when installed. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Flags that keep Chromium from stalling on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Windows persistence seen by the Windows collector: services, scheduled tasks, Run keys (with
 * Winlogon, AppInit and Image File Execution Options debuggers), WMI event subscriptions and
 * startup-folder files. A command in a user-writable place or with a downloader / decoder / hidden
 * window pattern is high; WMI command-line or script consumers are high (except Windows' own); an
 * IFEO debugger is high; scheduled tasks registered shortly before the collection and program files
 * in startup folders are medium.
 */
import type { Finding } from '../../core/finding.ts';
import { WINDOWS_SUSPICIOUS } from '../commands.ts';
import type { Analyzer } from '../types.ts';
import { ago, collectedAt, finding, isLive, s, short } from './common.ts';
import { placeOf } from './paths.ts';
import type { LiveOptions } from './processes.ts';

const DAY_US = 86_400e6;
/** Windows' own WMI consumers, present on clean systems. */
const BENIGN_WMI = /^(?:SCM Event Log Consumer|BVTConsumer|SCM Event Log Filter|BVTFilter)$/i;
const PROGRAM_FILE = /\.(?:exe|dll|scr|com|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|jar)$/i;

/** The executable of a command line: quoted, or up to the first .exe, or the first word. */
export function commandImage(cmd: string): string {
  const c = cmd.trim();
  if (c.startsWith('"')) return c.slice(1, c.indexOf('"', 1) > 0 ? c.indexOf('"', 1) : undefined);
  const exe = /^(.+?\.(?:exe|com|bat|cmd|dll|scr))(?:\s|$|,)/i.exec(c);
  return exe ? exe[1] : (c.split(/\s/, 1)[0] ?? '');
}

export function windowsPersistenceAnalyzer(o: LiveOptions): Analyzer {
  const days = o.recentDays ?? 7;
  const out: Finding[] = [];
  return {
    id: 'live-windows-persistence',
    wants: (e) => isLive(e) && e.logsource.product === 'windows' && e.logsource.category === 'persistence',
    add(e) {
      const host = e.host ?? '?';
      const cmd = s(e, 'CommandLine');
      const bad = !!cmd && (placeOf(commandImage(cmd)) !== undefined || WINDOWS_SUSPICIOUS.test(cmd.slice(0, 8192)));
      const p = { host, cmd: short(cmd) };
      switch (e.source.format) {
        case 'win-services':
          if (bad)
            out.push(
              finding(
                e,
                'live-service-persistence',
                'high',
                'live.win.service',
                { ...p, name: s(e, 'ServiceName') },
                {
                  attack: ['T1543.003'],
                },
              ),
            );
          return;
        case 'win-tasks': {
          const name = s(e, 'TaskName');
          const c = collectedAt(e);
          const recent =
            Number.isFinite(c) && Number.isFinite(e.ts) && c - e.ts <= days * DAY_US && c - e.ts >= -DAY_US;
          if (bad || recent)
            out.push(
              finding(
                e,
                'live-task-persistence',
                bad ? 'high' : 'medium',
                bad ? 'live.win.task' : 'live.win.task.recent',
                { ...p, name, ago: recent ? ago(Math.max(0, c - e.ts)) : '' },
                { attack: ['T1053.005'] },
              ),
            );
          return;
        }
        case 'win-runkeys': {
          const key = s(e, 'TargetObject');
          const ifeo = /Image File Execution Options/i.test(key) && s(e, 'ValueName') === 'Debugger';
          if (bad || ifeo)
            out.push(
              finding(
                e,
                'live-runkey-persistence',
                'high',
                ifeo ? 'live.win.ifeo' : 'live.win.runkey',
                { ...p, key },
                {
                  attack: [ifeo ? 'T1546.012' : 'T1547.001'],
                },
              ),
            );
          return;
        }
        case 'win-wmi': {
          const cls = s(e, 'WmiClass');
          const name = s(e, 'WmiName');
          if (/EventConsumer$/.test(cls) && !BENIGN_WMI.test(name))
            out.push(
              finding(
                e,
                'live-wmi-persistence',
                'high',
                'live.win.wmi',
                { ...p, cls, name },
                { attack: ['T1546.003'] },
              ),
            );
          return;
        }
        case 'win-startup': {
          const file = s(e, 'TargetFilename');
          if (PROGRAM_FILE.test(file))
            out.push(
              finding(
                e,
                'live-startup-persistence',
                'medium',
                'live.win.startup',
                { host, file },
                { attack: ['T1547.001'] },
              ),
            );
          return;
        }
      }
    },
    finish: () => out,
  };
}

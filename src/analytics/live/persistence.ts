/**
 * Persistence and planted files seen in a collection: systemd units that run from writable places or
 * run suspicious commands (and units changed shortly before the collection), suspicious lines in
 * shell start-up files, SSH keys added or changed shortly before the collection or forcing a
 * command, /etc/ld.so.preload entries (preload hijack), second root accounts, set-uid files in
 * writable places or recently changed, executables in world-writable places, and persistence places
 * whose ctime is recent (the listing keeps ctime, which an attacker resetting mtime cannot fake).
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import { SUSPICIOUS_COMMAND } from '../commands.ts';
import type { Analyzer } from '../types.ts';
import { ago, collectedAt, finding, isLive, n, s, short } from './common.ts';
import { placeOf } from './paths.ts';
import type { LiveOptions } from './processes.ts';

const DAY_US = 86_400e6;
/** Places whose change means persistence; package-owned unit directories are left out (upgrades touch them). */
const PERSIST_PLACE =
  /^\/(?:etc\/(?:cron[^/]*|crontab|anacrontab|systemd\/system|systemd\/user|init\.d|rc\.local|rc\d\.d|profile|profile\.d|bash\.bashrc|environment|ld\.so\.preload|sudoers|sudoers\.d|passwd|group|ssh\/sshd_config|pam\.d|update-motd\.d|udev\/rules\.d|modules-load\.d|xdg\/autostart)|var\/spool\/(?:cron|at)|root\/\.(?:ssh|bashrc|profile|bash_profile|config\/systemd)|home\/[^/]+\/\.(?:ssh|bashrc|profile|bash_profile|config\/systemd|config\/autostart))(?:\/|$)/;

function recent(e: Event, days: number): number | undefined {
  const c = collectedAt(e);
  if (!Number.isFinite(c) || !Number.isFinite(e.ts)) return undefined;
  const d = c - e.ts;
  return d >= -DAY_US && d <= days * DAY_US ? Math.max(d, 0) : undefined;
}

export function livePersistenceAnalyzer(o: LiveOptions): Analyzer {
  const days = o.recentDays ?? 7;
  const out: Finding[] = [];
  // aggregated per host: places changed recently, executables in temporary places, set-uid files seen once
  const recentPlaces = new Map<string, { e: Event; files: string[]; count: number }>();
  const tempExecs = new Map<string, { e: Event; files: string[]; count: number }>();
  const suidSeen = new Set<string>();
  return {
    id: 'live-persistence',
    wants: (e) =>
      isLive(e) &&
      (e.logsource.category === 'persistence' ||
        e.logsource.category === 'file_snapshot' ||
        e.logsource.category === 'account_snapshot'),
    add(e) {
      const host = e.host ?? '?';
      const file = s(e, 'TargetFilename');
      switch (e.source.format) {
        case 'systemd-unit': {
          const cmd = s(e, 'CommandLine');
          const unit = s(e, 'UnitName');
          const exe = cmd.replace(/^[-@:+!]+/, '').split(/\s/, 1)[0] ?? '';
          const p = { host, unit, cmd: short(cmd) };
          if (cmd && (placeOf(exe) || SUSPICIOUS_COMMAND.test(cmd.slice(0, 4096))))
            out.push(finding(e, 'live-unit-persistence', 'high', 'live.unit', p, { attack: ['T1543.002'] }));
          else {
            const r = recent(e, days);
            if (r !== undefined && /^\/(?:etc|home|root|run)\//.test(file))
              out.push(
                finding(
                  e,
                  'live-unit-persistence',
                  'medium',
                  'live.unit.recent',
                  { ...p, ago: ago(r) },
                  { attack: ['T1543.002'] },
                ),
              );
          }
          return;
        }
        case 'shell-startup': {
          const cmd = s(e, 'CommandLine');
          if (SUSPICIOUS_COMMAND.test(cmd))
            out.push(
              finding(
                e,
                'live-startup-persistence',
                'high',
                'live.startup',
                { host, file, cmd: short(cmd) },
                { attack: ['T1546.004'] },
              ),
            );
          return;
        }
        case 'ssh-authorized-keys': {
          const p = {
            host,
            file,
            user: s(e, 'User') || '?',
            fp: s(e, 'KeyFingerprint'),
            type: s(e, 'KeyType'),
            comment: s(e, 'KeyComment'),
            options: short(s(e, 'KeyOptions')),
          };
          const r = recent(e, days);
          if (r !== undefined)
            out.push(
              finding(e, 'live-ssh-key', 'medium', 'live.key.recent', { ...p, ago: ago(r) }, { attack: ['T1098.004'] }),
            );
          if (/(?:^|,)command=/.test(s(e, 'KeyOptions')))
            out.push(finding(e, 'live-ssh-key', 'medium', 'live.key.command', p, { attack: ['T1098.004'] }));
          return;
        }
        case 'ld-so-preload': {
          const lib = s(e, 'PreloadLibrary');
          out.push(
            finding(
              e,
              'live-preload-hijack',
              placeOf(lib) ? 'critical' : 'high',
              'live.preload',
              { host, file, lib },
              { attack: ['T1574.006'] },
            ),
          );
          return;
        }
        case 'passwd': {
          if (n(e, 'uid') === 0 && s(e, 'User') !== 'root')
            out.push(
              finding(
                e,
                'live-uid0-account',
                'high',
                'live.uid0',
                { host, user: s(e, 'User'), shell: s(e, 'Shell') },
                { attack: ['T1136.001'] },
              ),
            );
          return;
        }
        case 'live-files':
          fileEntry(e, host, file);
          return;
      }
    },
    finish() {
      for (const g of recentPlaces.values())
        out.push(group(g, 'live-persistence-changed', 'live.persist.recent', ['T1543', 'T1053']));
      for (const g of tempExecs.values()) out.push(group(g, 'live-writable-executable', 'live.exec.writable', []));
      return out;
    },
  };

  function group(
    g: { e: Event; files: string[]; count: number },
    kind: string,
    code: 'live.exec.writable' | 'live.persist.recent',
    attack: string[],
  ): Finding {
    const more = g.count - g.files.length;
    const f = finding(g.e, kind, 'medium', code, {
      host: g.e.host ?? '?',
      count: g.count,
      days,
      files: g.files.join(', ') + (more > 0 ? ` (+${more})` : ''),
    });
    f.count = g.count;
    if (attack.length) f.attack = attack;
    f.details = { files: g.files, total: g.count };
    return f;
  }

  function addTo(
    m: Map<string, { e: Event; files: string[]; count: number }>,
    host: string,
    e: Event,
    file: string,
  ): void {
    const g = m.get(host);
    if (!g) m.set(host, { e, files: [file], count: 1 });
    else {
      g.count++;
      if (g.files.length < 10) g.files.push(file);
      if (e.ts > g.e.ts) g.e = e;
    }
  }

  function fileEntry(e: Event, host: string, file: string): void {
    const list = s(e, 'list');
    const mode = s(e, 'Mode');
    const place = placeOf(file);
    const regular = s(e, 'FileType').startsWith('regular');
    const r = recent(e, days);
    if ((e.fields.Setuid === true || e.fields.Setgid === true) && regular) {
      if (suidSeen.has(`${host}|${file}`) || suidSeen.size > 100_000) return;
      suidSeen.add(`${host}|${file}`);
      if (place && place !== 'memfd')
        out.push(
          finding(
            e,
            'live-suid-writable',
            'high',
            'live.suid.writable',
            { host, file, mode, uid: s(e, 'OwnerUid') },
            { attack: ['T1548.001'] },
          ),
        );
      else if (r !== undefined)
        out.push(
          finding(
            e,
            'live-suid-writable',
            'medium',
            'live.suid.recent',
            { host, file, mode, ago: ago(r) },
            { attack: ['T1548.001'] },
          ),
        );
      return;
    }
    // executables in shared memory, or hidden in a temporary place: where droppers put their payloads
    if (
      (list === 'writable' &&
        regular &&
        (Number.parseInt(mode, 8) & 0o111) !== 0 &&
        /^\/(?:dev\/shm|run\/shm|(?:var\/)?tmp\/\.[^/]+)\//.test(file)) ||
      /^\/(?:var\/)?tmp\/\.[^/]+$/.test(file)
    ) {
      addTo(tempExecs, host, e, file);
      return;
    }
    if (list === 'persistence' && r !== undefined && PERSIST_PLACE.test(file) && s(e, 'FileType') !== 'directory') {
      addTo(recentPlaces, host, e, file);
    }
  }
}

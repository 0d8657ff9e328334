/**
 * Running processes and sockets at collection time (seed 004: /proc/PID/exe, cmdline, cwd, netstat):
 * programs running from deleted files, temporary or user-writable places or anonymous memory;
 * reverse and bind shells by command line; user programs named like kernel threads; listeners that
 * belong to such programs or to relays, shells and interpreters; live connections to indicators.
 * Established connections to outside addresses become low `live-connection` findings that the
 * composite analysis joins with the C&C peers found in the network logs.
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import { t, tBoth } from '../../i18n/index.ts';
import { INTERACTIVE_SHELL, REVERSE_SHELL } from '../commands.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { finding, isLive, n, ref, s, short, time } from './common.ts';
import { isInternal, isLoopback, placeOf, programKind, programName, type Place } from './paths.ts';

export interface IpIndicator {
  label: string;
  source?: string;
}

export interface LiveOptions extends AnalysisOptions {
  /** indicator lookup for remote addresses of live connections */
  matchIp?: (ip: string) => IpIndicator | undefined;
  /** changes this close to the collection count as recent (days, default 7) */
  recentDays?: number;
}

const MAX_CONN_FINDINGS = 500;

interface Proc {
  e: Event;
  bad?: 'deleted' | Place;
}

export function liveProcessAnalyzer(o: LiveOptions): Analyzer {
  const out: Finding[] = [];
  const procs = new Map<string, Proc>(); // host|pid → process
  const sockets: Event[] = [];
  const conns = new Map<string, { e: Event; count: number }>();
  const fileless = new Map<string, Finding>();
  return {
    id: 'live-processes',
    wants: (e) =>
      isLive(e) && (e.logsource.category === 'process_snapshot' || e.logsource.category === 'network_snapshot'),
    add(e) {
      if (e.logsource.category === 'network_snapshot') {
        if (sockets.length < 200_000) sockets.push(e);
        return;
      }
      if (e.fields.collector === true) return;
      const pid = s(e, 'ProcessId');
      const image = s(e, 'Image');
      const cmd = s(e, 'CommandLine');
      const user = s(e, 'User') || '?';
      const host = e.host ?? '?';
      const p: Proc = { e };
      const base = { pid, host, user, image, cmd: short(cmd || s(e, 'comm')), start: time(e.ts) };
      const place = placeOf(image);
      if (e.fields.ImageDeleted === true && place !== 'memfd') {
        p.bad = 'deleted';
        out.push(finding(e, 'live-deleted-executable', 'high', 'live.proc.deleted', base, { attack: ['T1070.004'] }));
      } else if (place === 'memfd') {
        p.bad = 'memfd';
        const k = `${host}|${image}`;
        const prev = fileless.get(k);
        if (prev) {
          prev.count++;
          prev.evidence.push(...(prev.evidence.length < 50 ? [ref(e)] : []));
        } else {
          const f = finding(e, 'live-fileless-process', 'medium', 'live.proc.memfd', base, { attack: ['T1620'] });
          fileless.set(k, f);
          out.push(f);
        }
      } else if (place) {
        p.bad = place;
        const sev = place === 'temp' ? 'high' : 'medium';
        out.push(
          finding(e, 'live-writable-executable', sev, 'live.proc.place', { ...base, place: t(`live.place.${place}`) }),
        );
      }
      const parent = s(e, 'ParentImage') || '?';
      if (cmd && REVERSE_SHELL.test(cmd.slice(0, 4096)))
        out.push(
          finding(e, 'live-reverse-shell', 'high', 'live.proc.revshell', { ...base, parent }, { attack: ['T1059'] }),
        );
      else if (cmd && INTERACTIVE_SHELL.test(cmd.slice(0, 4096)))
        out.push(
          finding(
            e,
            'live-reverse-shell',
            'medium',
            'live.proc.interactive',
            { ...base, parent },
            { attack: ['T1059'] },
          ),
        );
      if (/^\[[^\]]+\]$/.test(cmd.trim()) && image && !image.startsWith('['))
        out.push(finding(e, 'live-masquerade', 'high', 'live.proc.kthread', base, { attack: ['T1036.004'] }));
      procs.set(`${host}|${pid}`, p);
    },
    finish() {
      for (const e of sockets) {
        const host = e.host ?? '?';
        const pid = s(e, 'ProcessId');
        const owner = pid ? procs.get(`${host}|${pid}`) : undefined;
        if (owner?.e.fields.collector === true) continue;
        const image = s(e, 'Image') || (owner ? s(owner.e, 'Image') : '');
        const deleted = e.fields.ImageDeleted === true || owner?.bad === 'deleted';
        const state = s(e, 'State');
        if (state === 'LISTEN' || state === 'Listen' || state === 'UNCONN' || state === 'Bound') {
          const place = placeOf(image);
          const kind = deleted ? 'deleted' : (place ?? programKind(programName(image || s(e, 'comm'))));
          if (!kind || !pid) continue;
          const sev = kind === 'interpreter' ? 'medium' : 'high';
          out.push(
            finding(
              e,
              'live-suspicious-listener',
              sev,
              'live.listen',
              {
                host,
                proto: s(e, 'Protocol'),
                addr: s(e, 'LocalAddress'),
                port: s(e, 'LocalPort'),
                pid,
                image: image || s(e, 'comm'),
                what: t(`live.what.${kind}`),
              },
              { attack: ['T1571'], details: { port: n(e, 'LocalPort'), pid: Number(pid), image } },
            ),
          );
          continue;
        }
        const remote = s(e, 'dst_ip');
        if (!remote || isLoopback(remote) || (state !== 'ESTABLISHED' && state !== 'Established')) continue;
        const ind = o.matchIp?.(remote);
        const params = {
          host,
          image: image || s(e, 'comm') || '?',
          pid: pid || '?',
          peer: remote,
          port: s(e, 'dst_port'),
          label: ind?.label ?? '',
        };
        if (ind) {
          out.push(
            finding(e, 'live-ioc-connection', 'critical', 'live.conn.ioc', params, {
              peer: remote,
              attack: ['T1071'],
              details: { indicator: ind.label, source: ind.source, pid: Number(pid), image },
            }),
          );
          continue;
        }
        if (isInternal(remote)) continue;
        const k = `${host}|${remote}`;
        const c = conns.get(k);
        if (c) c.count++;
        else if (conns.size < MAX_CONN_FINDINGS) conns.set(k, { e, count: 1 });
      }
      for (const f of fileless.values()) {
        if (f.count < 2) continue;
        const more = tBoth('live.more_processes', { count: f.count - 1 });
        f.summary_en += more.en;
        f.summary_ja += more.ja;
      }
      for (const { e, count } of conns.values()) {
        const f = finding(e, 'live-connection', 'low', 'live.conn', {
          host: e.host ?? '?',
          count,
          peer: s(e, 'dst_ip'),
          image: s(e, 'Image') || s(e, 'comm') || '?',
          pid: s(e, 'ProcessId') || '?',
        });
        f.peer = s(e, 'dst_ip');
        f.count = count;
        f.details = { port: n(e, 'dst_port'), pid: n(e, 'ProcessId'), image: s(e, 'Image') };
        out.push(f);
      }
      return out;
    },
  };
}

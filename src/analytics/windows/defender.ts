/**
 * Microsoft Defender Antivirus (Windows Defender/Operational): malware detections and protection
 * being switched off. Everything is judged by event id and numeric fields (Severity ID, Action ID,
 * Category ID), never by the words in the event: Japanese Windows writes 重大 where English writes
 * Severe, and a rule that compared "Severity Name" with "Severe" missed detections (the case in
 * NEC's 2023 fast-forensics lecture). Field names are read as the EVTX has them ("Severity ID")
 * and in Sigma's squashed spelling (SeverityID).
 */
import type { MessageKey } from '../../i18n/index.ts';
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import { DEFENDER_ACTION, DEFENDER_CATEGORY, DEFENDER_SEVERITY } from './codes.ts';
import type { Analyzer } from '../types.ts';
import { channelOf, clip, eventId, hostOf, isWindows, numOf, providerOf, strOf } from './common.ts';
import { findingOf, Groups, raise, Tally } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-defender';
const CHANNEL = 'Microsoft-Windows-Windows Defender/Operational';
const PROVIDER = 'Microsoft-Windows-Windows Defender';

/** 1006/1116: detected; 1007/1117: action taken; 1008/1118/1119: action failed; 1015: suspicious behaviour. */
const DETECTED = new Set([1006, 1116, 1015]);
const ACTED = new Set([1007, 1117]);
const FAILED = new Set([1008, 1118, 1119]);
/** Protection switched off or expired (5001 real-time, 5010 anti-spyware, 5012 anti-virus scanning, 5101 platform expired). */
const DISABLED: Record<number, { code: MessageKey; severity: FindingSeverity }> = {
  5001: { code: 'win.def.realtime_off', severity: 'high' },
  5010: { code: 'win.def.antispyware_off', severity: 'high' },
  5012: { code: 'win.def.antivirus_off', severity: 'high' },
  5101: { code: 'win.def.platform_expired', severity: 'medium' },
};

const F = {
  severity: ['Severity ID', 'SeverityID', 'Severity_ID'],
  category: ['Category ID', 'CategoryID', 'Category_ID'],
  action: ['Action ID', 'ActionID', 'Action_ID'],
  threatId: ['Threat ID', 'ThreatID', 'Threat_ID'],
  threatName: ['Threat Name', 'ThreatName', 'Threat_Name'],
  path: ['Path'],
  process: ['Process Name', 'ProcessName', 'Process_Name'],
  user: ['Detection User', 'DetectionUser', 'Detection_User'],
  newValue: ['New Value', 'NewValue', 'New_Value'],
} as const;

interface DetectionData {
  threat: string;
  severityId: number;
  categoryId?: number;
  detected: number;
  acted: number;
  failed: number;
  actions: Tally;
  paths: Tally;
  users: Tally;
  processes: Tally;
  ids: Tally;
}
interface OffData {
  id: number;
}
interface ExclusionData {
  values: Tally;
}

function isDefender(e: Event): boolean {
  return channelOf(e) === CHANNEL || providerOf(e) === PROVIDER;
}

/** Finding severity from Defender's Severity ID: Severe/High → high, Moderate → medium, Low/unknown → low. */
function severityOf(id: number): FindingSeverity {
  return id >= 4 ? 'high' : id >= 2 ? 'medium' : 'low';
}

export function defenderAnalyzer(_o: ResolvedWindowsOptions): Analyzer {
  const detections = new Groups<DetectionData>(() => ({
    threat: '',
    severityId: -1,
    detected: 0,
    acted: 0,
    failed: 0,
    actions: new Tally(),
    paths: new Tally(50),
    users: new Tally(20),
    processes: new Tally(20),
    ids: new Tally(),
  }));
  const off = new Groups<OffData>((e) => ({ id: eventId(e) ?? 0 }));
  const exclusions = new Groups<ExclusionData>(() => ({ values: new Tally(100) }));

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e) || !isDefender(e)) return false;
      const id = eventId(e);
      return id !== undefined && (DETECTED.has(id) || ACTED.has(id) || FAILED.has(id) || id in DISABLED || id === 5007);
    },
    add(e) {
      const id = eventId(e)!;
      const host = hostOf(e) ?? '';
      if (id in DISABLED) {
        off.add(`${host}|${id}`, e);
        return;
      }
      if (id === 5007) {
        const v = strOf(e, F.newValue);
        if (!v?.toLowerCase().includes('\\exclusions\\')) return;
        exclusions.add(host, e)?.data.values.add(clip(v, 300));
        return;
      }
      const threat = strOf(e, F.threatName) ?? strOf(e, F.threatId) ?? '?';
      const g = detections.add(`${host}|${(strOf(e, F.threatId) ?? threat).toLowerCase()}`, e);
      if (!g) return;
      const d = g.data;
      d.threat ||= threat;
      d.severityId = Math.max(d.severityId, numOf(e, F.severity) ?? -1);
      d.categoryId ??= numOf(e, F.category);
      if (DETECTED.has(id)) d.detected++;
      else if (ACTED.has(id)) d.acted++;
      else d.failed++;
      const action = numOf(e, F.action);
      if (action !== undefined && !DETECTED.has(id)) d.actions.add(String(action));
      d.paths.add(strOf(e, F.path));
      d.users.add(strOf(e, F.user));
      d.processes.add(strOf(e, F.process));
      d.ids.add(String(id));
    },
    finish() {
      const out: Finding[] = [];
      for (const g of detections.values()) {
        const d = g.data;
        let severity = severityOf(d.severityId);
        if (d.failed > 0) severity = raise(severity);
        const sev = DEFENDER_SEVERITY[d.severityId];
        const cat = d.categoryId !== undefined ? DEFENDER_CATEGORY[d.categoryId] : undefined;
        const actionWords = (lang: 'en' | 'ja'): string =>
          [...d.actions.counts.keys()].map((a) => DEFENDER_ACTION[Number(a)]?.[lang] ?? a).join(', ') || '-';
        const code = d.failed > 0 ? 'win.def.detect_failed' : d.acted > 0 ? 'win.def.detect_acted' : 'win.def.detect';
        out.push(
          findingOf(g, {
            kind: 'defender-detection',
            severity,
            producer: PRODUCER,
            message: code,
            params: {
              host: g.host ?? '?',
              threat: d.threat,
              sev_en: sev?.en ?? String(d.severityId),
              sev_ja: sev?.ja ?? String(d.severityId),
              cat_en: cat?.en ?? '?',
              cat_ja: cat?.ja ?? '?',
              count: d.detected || g.count,
              path: clip(d.paths.top(1)[0] ?? '?', 200),
              actions: actionWords('en'),
              actions_ja: actionWords('ja'),
              users: d.users.describe(3) || '?',
            },
            attack: [],
            details: {
              threat: d.threat,
              severity_id: d.severityId,
              category_id: d.categoryId ?? null,
              detected: d.detected,
              action_taken: d.acted,
              action_failed: d.failed,
              actions: Object.fromEntries(
                [...d.actions.counts].map(([a, n]) => [DEFENDER_ACTION[Number(a)]?.en ?? a, n]),
              ),
              paths: d.paths.toObject(),
              users: d.users.toObject(),
              processes: d.processes.toObject(),
              event_ids: d.ids.toObject(),
            },
          }),
        );
      }
      for (const g of off.values()) {
        const rule = DISABLED[g.data.id]!;
        out.push(
          findingOf(g, {
            kind: g.data.id === 5101 ? 'defender-expired' : 'defender-disabled',
            severity: rule.severity,
            producer: PRODUCER,
            message: rule.code,
            params: { host: g.host ?? '?', count: g.count },
            attack: ['T1562.001'],
            details: { event_id: g.data.id },
          }),
        );
      }
      for (const g of exclusions.values()) {
        out.push(
          findingOf(g, {
            kind: 'defender-exclusion',
            severity: 'high',
            producer: PRODUCER,
            message: 'win.def.exclusion',
            params: { host: g.host ?? '?', count: g.count, values: g.data.values.describe(3) },
            attack: ['T1562.001'],
            details: { values: [...g.data.values.counts.keys()] },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}

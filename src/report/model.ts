/**
 * What a case report is made of. The lead fills it from the case store; `from-case-dir.ts` fills it from
 * the files of a case directory. Times are epoch microseconds UTC (as everywhere in konseki), rendered in
 * `meta.timeZone`. Every string may come from logs and is escaped by the renderers: put raw values here.
 */
import type { CaseSettings } from '../case/settings.ts';
import type { Finding } from '../core/finding.ts';
import type { ManifestChange, ManifestEntry } from '../case/custody.ts';
import type { IncidentRecord } from '../case/record.ts';
import type { Lang } from '../i18n/index.ts';

/** Text in both languages (findings carry both); a plain string is shown as is in either language. */
export type LocalText = string | { en: string; ja: string };

export type Verdict = 'compromised' | 'suspicious' | 'clean' | 'unknown';
export const VERDICTS: readonly Verdict[] = ['compromised', 'suspicious', 'unknown', 'clean'];

export interface ReportHost {
  name: string;
  ips?: string[];
  verdict: Verdict;
  /** 0..1 */
  confidence?: number;
  first_seen?: number;
  last_seen?: number;
  /** e.g. "patient zero", "domain controller" */
  role?: LocalText;
  findings?: number;
  /** why this verdict, in a sentence */
  reason?: LocalText;
}

export type EdgeKind = 'lateral' | 'c2' | 'exfil' | 'download' | 'scan' | 'logon' | 'other';

/** A directed relation between two nodes of the spread graph (host → host, host → external peer). */
export interface ReportEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** protocol or technique as shown on the edge (e.g. "SMB/PsExec", "RDP 3389", "HTTPS beacon") */
  label?: string;
  first_seen?: number;
  last_seen?: number;
  count?: number;
  bytes?: number;
}

export interface TimelineRow {
  ts: number;
  host?: string;
  level: string;
  title: string;
  details?: string;
  /** evidence file (and record/line) */
  source?: string;
}

export interface CncEntry {
  /** IP, domain or URL of the peer */
  peer: string;
  kind: 'c2' | 'exfil' | 'download';
  hosts: string[];
  first_seen?: number;
  last_seen?: number;
  count?: number;
  bytes_out?: number;
  /** how it was found: beacon score, threat intel, proxy rule, ... */
  basis?: LocalText;
}

export interface ContainmentMeasure {
  /** impact.ts measure id, or any id of a measure konseki does not generate */
  id: string;
  title?: LocalText;
  status: 'proposed' | 'applied' | 'rolled-back';
  at?: number;
  target?: string;
  /** file names of the generated artifacts */
  files?: string[];
}

export interface Containment {
  level?: string;
  generated_at?: string;
  /** directory of the generated artifacts, relative to the case directory */
  dir?: string;
  measures: ContainmentMeasure[];
  /** indicator and refused-value counts */
  indicators?: { nets: number; domains: number; urls: number; refused: number };
}

/** One statement about one of the four investigation items (seed 001, 本格対処). */
export interface InvestigationItem {
  text: LocalText;
  from?: string;
  to?: string;
  how?: string;
  what?: string;
  when?: number;
  evidence?: string[];
  /** derived by konseki from hosts, edges and findings rather than written by an analyst */
  derived?: boolean;
}

export interface Investigation {
  /** 侵入経路情報: from where, to where, how */
  intrusion: InvestigationItem[];
  /** 拡散元／拡散先情報 */
  spread: InvestigationItem[];
  /** 流出経路／流出情報: from where, to where, how, what */
  exfiltration: InvestigationItem[];
  /** 復旧必要情報: origin, paths, affected systems */
  recovery: InvestigationItem[];
}

/** One stage of the attack (seed 001's stages, with the MITRE ATT&CK techniques seen in it). */
export interface PhaseRow {
  phase: 'initial-access' | 'foothold' | 'lateral-movement' | 'command-and-control' | 'objective';
  first_seen: number;
  last_seen: number;
  hosts: string[];
  /** finding kind → count */
  kinds: Record<string, number>;
  attack: string[];
}

export interface ReportModel {
  meta: {
    caseId: string;
    title?: string;
    /** ISO time */
    generatedAt: string;
    tool: string;
    lang: Lang;
    timeZone: string;
    /** time range of the evidence */
    period?: { from: number; to: number };
    /** the case's settings: the organisation's zone (and how it was found), its business calendar */
    settings?: CaseSettings;
  };
  /** sentences for management written by the analyst; konseki adds its own figures */
  summary?: LocalText[];
  hosts: ReportHost[];
  edges: ReportEdge[];
  findings: Finding[];
  timeline: TimelineRow[];
  /** rows that were not put into the report (the full timeline is in timeline.csv) */
  timelineOmitted?: number;
  cnc: CncEntry[];
  phases?: PhaseRow[];
  containment?: Containment;
  manifest?: {
    created?: string;
    tool?: string;
    files: ManifestEntry[];
    verification?: { at: string; changes: ManifestChange[] };
  };
  investigation?: Partial<Investigation>;
  record?: IncidentRecord;
}

export function localText(x: LocalText | undefined, lang: Lang): string {
  if (x === undefined) return '';
  return typeof x === 'string' ? x : x[lang] || x.en;
}

/**
 * Findings over Windows execution artifacts (Shimcache, Amcache, Prefetch events):
 * - execution-location: programs run from user-writable or unusual places, and system binary names
 *   outside the system folders (masquerading);
 * - execution-tools: known attacker / dual-use tools by name or hash, and renamed copies of them
 *   (or of Windows binaries) recognised by SHA-1 or by the PE original file name in Amcache;
 * - execution-ioc: SHA-1 matches against the case's IOC list (a lookup callback).
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import { t, tBoth, type MessageKey, dynamicKey } from '../../i18n/index.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { FindingGroups, isExecutionArtifact, observe, type Artifact, type Hit, type Summarize } from './observe.ts';
import { LOCATION_SEVERITY, SYSTEM_BINARIES, isMasquerading, locationReasons } from './paths.ts';
import { KNOWN_TOOLS, indexTools, type ToolSignature } from './tools.ts';
import './messages.ts';

/** What the IOC loader returns for a hash; only these optional fields are read. */
export type HashIndicator = {
  id?: string;
  name?: string;
  source?: string;
  description?: string;
  severity?: FindingSeverity;
} & Record<string, unknown>;

export interface ExecutionOptions extends Partial<AnalysisOptions> {
  /** looks a lower-case SHA-1 up in the IOC list */
  iocSha1?: (sha1: string) => HashIndicator | string | true | undefined;
  /** tools added to the built-in list (KNOWN_TOOLS) */
  tools?: ToolSignature[];
}

const ARTIFACT_NAMES: Record<Artifact, string> = { prefetch: 'Prefetch', amcache: 'Amcache', shimcache: 'Shimcache' };
const artifactList = (a: Artifact[]): string => a.map((x) => ARTIFACT_NAMES[x]).join(', ');
const RANK: FindingSeverity[] = ['low', 'medium', 'high', 'critical'];
const max = (xs: FindingSeverity[]): FindingSeverity =>
  xs.reduce((m, s) => (RANK.indexOf(s) > RANK.indexOf(m) ? s : m), 'low');

abstract class ExecutionAnalyzer implements Analyzer {
  abstract readonly id: string;
  protected readonly groups = new FindingGroups();
  wants(e: Event): boolean {
    return isExecutionArtifact(e);
  }
  add(e: Event): void {
    const o = observe(e);
    if (!o) return;
    for (const hit of this.classify(o)) this.groups.add(o, hit);
  }
  protected abstract classify(o: NonNullable<ReturnType<typeof observe>>): Hit[];
  protected abstract summarize: Summarize;
  finish(): Finding[] {
    return this.groups.findings(this.id, this.summarize);
  }
}

function note(presenceOnly: boolean, artifacts: Artifact[], lang: 'en' | 'ja'): string {
  return presenceOnly ? t('exec.note.presence', { artifacts: artifactList(artifacts) }, lang) : '';
}

function both(
  code: MessageKey,
  params: (lang: 'en' | 'ja') => Record<string, string | number>,
): { en: string; ja: string } {
  return { en: t(code, params('en'), 'en'), ja: t(code, params('ja'), 'ja') };
}

class LocationAnalyzer extends ExecutionAnalyzer {
  readonly id = 'execution-location';
  protected classify(o: NonNullable<ReturnType<typeof observe>>): Hit[] {
    const hits: Hit[] = [];
    const reasons = locationReasons(o.path);
    if (reasons.length) {
      const attack = [
        ...(reasons.includes('admin-share') ? ['T1021.002', 'T1570'] : []),
        ...(reasons.includes('recycle-bin') ? ['T1564'] : []),
      ];
      hits.push({
        kind: 'execution-suspicious-path',
        severity: max(reasons.map((r) => LOCATION_SEVERITY[r])),
        subject: reasons.join(','),
        attack,
        details: { reasons, ...(o.path.unc ? { share: `\\\\${o.path.unc.host}\\${o.path.unc.share}` } : {}) },
      });
    }
    if (isMasquerading(o.path)) {
      hits.push({
        kind: 'execution-masquerade',
        severity: 'high',
        subject: o.path.name,
        attack: ['T1036.005'],
        details: { expected_name: o.path.name },
      });
    }
    return hits;
  }
  protected summarize: Summarize = ({ hit, path, artifacts, presenceOnly }) => {
    if (hit.kind === 'execution-masquerade')
      return both('exec.finding.masquerade', (l) => ({
        path,
        artifacts: artifactList(artifacts),
        note: note(presenceOnly, artifacts, l),
      }));
    const reasons = hit.details.reasons as string[];
    const share = (hit.details.share as string | undefined) ?? '';
    return both('exec.finding.location', (l) => ({
      path,
      where: reasons.map((r) => t(dynamicKey(`exec.where.${r}`), { share }, l)).join(l === 'ja' ? '、' : ', '),
      verb: t(presenceOnly ? 'exec.verb.location.present' : 'exec.verb.location.ran', {}, l),
      artifacts: artifactList(artifacts),
      note: note(presenceOnly, artifacts, l),
    }));
  };
}

class ToolAnalyzer extends ExecutionAnalyzer {
  readonly id = 'execution-tools';
  private readonly idx;
  constructor(tools: ToolSignature[]) {
    super();
    this.idx = indexTools(tools);
  }
  protected classify(o: NonNullable<ReturnType<typeof observe>>): Hit[] {
    const byName = this.idx.byName.get(o.path.name);
    const byHash = o.sha1 ? this.idx.bySha1.get(o.sha1) : undefined;
    const byOriginal = o.originalFileName ? this.idx.byOriginal.get(o.originalFileName) : undefined;
    const hits: Hit[] = [];
    const tool = byHash ?? byName ?? byOriginal;
    if (!tool) {
      // a Windows binary under another name, by its PE original file name (Amcache)
      const ofn = o.originalFileName?.replace(/\.mui$/, '');
      if (ofn && SYSTEM_BINARIES[ofn] && ofn !== o.path.name) {
        hits.push({
          kind: 'execution-renamed-binary',
          severity: 'high',
          subject: ofn,
          attack: ['T1036.003'],
          details: { tool: ofn, original_file_name: ofn, by: 'original' },
        });
      }
      return hits;
    }
    const renamedBy =
      byHash && !tool.names.includes(o.path.name)
        ? 'hash'
        : byOriginal && !byName && o.originalFileName !== o.path.name
          ? 'original'
          : undefined;
    if (renamedBy) {
      hits.push({
        kind: 'execution-renamed-binary',
        severity: 'high',
        subject: tool.tool,
        attack: [...tool.attack, 'T1036.003'],
        details: {
          tool: tool.tool,
          category: tool.category,
          by: renamedBy,
          ...(o.originalFileName ? { original_file_name: o.originalFileName } : {}),
        },
      });
    } else {
      hits.push({
        kind: 'execution-attacker-tool',
        severity: tool.severity,
        subject: tool.tool,
        attack: tool.attack,
        details: { tool: tool.tool, category: tool.category, matched: byHash ? 'sha1' : 'name' },
      });
    }
    return hits;
  }
  protected summarize: Summarize = ({ hit, path, artifacts, presenceOnly }) => {
    const tool = String(hit.details.tool);
    if (hit.kind === 'execution-renamed-binary') {
      return both('exec.finding.renamed', (l) => ({
        path,
        tool,
        by:
          hit.details.by === 'hash'
            ? t('exec.by.hash', {}, l)
            : t('exec.by.original', { original: String(hit.details.original_file_name ?? '') }, l),
        artifacts: artifactList(artifacts),
        note: note(presenceOnly, artifacts, l),
      }));
    }
    return both('exec.finding.tool', (l) => ({
      path,
      tool,
      category: t(dynamicKey(`exec.category.${String(hit.details.category)}`), {}, l),
      verb: t(presenceOnly ? 'exec.verb.tool.present' : 'exec.verb.tool.ran', {}, l),
      artifacts: artifactList(artifacts),
      note: note(presenceOnly, artifacts, l),
    }));
  };
}

class IocAnalyzer extends ExecutionAnalyzer {
  readonly id = 'execution-ioc';
  constructor(private readonly lookup: NonNullable<ExecutionOptions['iocSha1']>) {
    super();
  }
  override wants(e: Event): boolean {
    return isExecutionArtifact(e) && typeof e.fields.SHA1 === 'string';
  }
  protected classify(o: NonNullable<ReturnType<typeof observe>>): Hit[] {
    if (!o.sha1) return [];
    let ind: ReturnType<NonNullable<ExecutionOptions['iocSha1']>>;
    try {
      ind = this.lookup(o.sha1);
    } catch {
      return [];
    }
    if (ind === undefined) return [];
    const obj = typeof ind === 'object' ? ind : undefined;
    const label = obj ? String(obj.name ?? obj.description ?? obj.id ?? '') : typeof ind === 'string' ? ind : '';
    return [
      {
        kind: 'execution-ioc-hash',
        severity: obj?.severity ?? 'critical',
        subject: o.sha1,
        attack: [],
        details: {
          sha1_match: o.sha1,
          ...(label ? { indicator: label } : {}),
          ...(obj?.source ? { indicator_source: String(obj.source) } : {}),
        },
      },
    ];
  }
  protected summarize: Summarize = ({ hit, path, artifacts }) => {
    const label = hit.details.indicator ? ` (${String(hit.details.indicator)})` : '';
    return tBoth('exec.finding.ioc', {
      path,
      sha1: String(hit.details.sha1_match),
      indicator: label,
      artifacts: artifactList(artifacts),
    });
  };
}

/** The execution-artifact analyzers, freshly constructed (they hold state). */
export function executionAnalyzers(options: ExecutionOptions = {}): Analyzer[] {
  const list: Analyzer[] = [new LocationAnalyzer(), new ToolAnalyzer([...KNOWN_TOOLS, ...(options.tools ?? [])])];
  if (options.iocSha1) list.push(new IocAnalyzer(options.iocSha1));
  return list;
}

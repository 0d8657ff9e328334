/**
 * Containment from the workspace: the same code as `konseki respond --case DIR` (prepareResponse, the
 * generators, writeResponse into DIR/respond, a custody entry, the report refreshed), with the hosts the
 * analyst ticked. Preview generates the artifacts without writing anything.
 */
import { join } from 'node:path';
import { displayZone } from '../case/settings.ts';
import { formatLocation } from '../core/issue.ts';
import { t, type Lang } from '../i18n/index.ts';
import { generateAll } from '../respond/generate.ts';
import { impactOf, MEASURES, type MeasureId } from '../respond/impact.ts';
import { DEFAULT_MIN_CONFIDENCE } from '../respond/judged.ts';
import { planMeasures, scopeOf } from '../respond/policy.ts';
import { prepareResponse } from '../respond/prepare.ts';
import { RESPONSE_LEVELS, type ResponseLevel } from '../respond/types.ts';
import { writeResponse } from '../respond/write.ts';
import '../respond/messages.ts';
import type { Workspace } from './workspace.ts';

export interface RespondRequest {
  level: ResponseLevel;
  /** addresses of the case's hosts to act on (undefined: all that case.json lists) */
  hosts?: string[];
  /** more hosts, `ip[=name]` */
  extraHosts?: string;
  mail?: string;
  mgmt?: string;
  internal?: string;
  urlScope?: 'host' | 'exact';
  minConfidence?: number;
}

const list = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, 10_000) : undefined);

/** A request body checked field by field; undefined when the level is not one konseki knows. */
export function respondRequest(body: unknown): RespondRequest | undefined {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (!(RESPONSE_LEVELS as readonly string[]).includes(String(b.level))) return undefined;
  const min = Number(b.minConfidence);
  return {
    level: b.level as ResponseLevel,
    hosts: Array.isArray(b.hosts)
      ? b.hosts.filter((h): h is string => typeof h === 'string').slice(0, 10_000)
      : undefined,
    extraHosts: list(b.extraHosts),
    mail: list(b.mail),
    mgmt: list(b.mgmt),
    internal: list(b.internal),
    urlScope: b.urlScope === 'exact' ? 'exact' : 'host',
    minConfidence: b.minConfidence !== undefined && b.minConfidence !== '' && min >= 0 && min <= 1 ? min : undefined,
  };
}

export function respondOptions(ws: Workspace): Record<string, unknown> {
  const cf = ws.caseFile;
  return {
    levels: RESPONSE_LEVELS,
    minConfidence: DEFAULT_MIN_CONFIDENCE,
    hosts: (cf.hosts ?? []).filter((h) => h && typeof h.ip === 'string'),
    unresolved: cf.unresolved_hosts ?? [],
    indicators: cf.indicators ?? {},
    accounts: cf.accounts ?? [],
    mail: cf.mail_servers ?? [],
    mgmt: cf.management_hosts ?? [],
    internal: cf.internal_networks ?? [],
  };
}

function prepare(ws: Workspace, r: RespondRequest) {
  return prepareResponse({
    caseDir: ws.dir,
    level: r.level,
    hosts: r.extraHosts,
    mail: r.mail,
    mgmt: r.mgmt,
    internal: r.internal,
    urlScope: r.urlScope,
    minConfidence: r.minConfidence,
    onlyHosts: r.hosts,
  });
}

export function previewResponse(ws: Workspace, r: RespondRequest, lang: Lang) {
  const { plan: p, issues, refusal } = prepare(ws, r);
  const gen = generateAll(p);
  const all = [...issues, ...gen.issues];
  const measures = planMeasures(p).filter((m): m is MeasureId => (MEASURES as readonly string[]).includes(m));
  return {
    level: p.level,
    scope: scopeOf(p),
    counts: {
      nets: p.nets.length,
      domains: p.domains.length,
      urls: p.urls.length + p.ports.length,
      hosts: p.hosts.length,
    },
    hosts: p.hosts.map((h) => ({ ip: h.net.text, name: h.name ?? null })),
    unresolved: p.unresolvedHosts,
    held: p.heldHosts,
    judged: p.judged,
    accounts: p.accounts,
    measures: measures.map((m) => impactOf(m, lang)),
    artifacts: gen.artifacts.map((a) => ({
      file: a.file,
      system: a.system,
      content: a.content,
      apply: a.apply,
      rollback: a.rollback,
      measures: a.measures,
    })),
    issues: all.map((i) => ({
      severity: i.severity,
      at: formatLocation(i.at),
      message: t(i.code, i.params ?? {}, lang),
    })),
    refusal: refusal ? t(refusal.code, refusal.params, lang) : null,
  };
}

type WriteOutcome = { dir: string; files: string[] } | { error: string };

/** Writes the artifacts into <case>/respond, as `konseki respond --case` does; refuses what it refuses. */
export async function writeContainment(ws: Workspace, r: RespondRequest, lang: Lang): Promise<WriteOutcome> {
  return ws.change<WriteOutcome>('respond', ['--level', r.level], () => {
    const { plan: p, issues, refusal } = prepare(ws, r);
    if (refusal) return { value: { error: t(refusal.code, refusal.params, lang) }, outputs: [] };
    const dir = join(ws.dir, 'respond');
    const w = writeResponse(p, issues, dir, { lang, timeZone: displayZone(ws.caseFile.settings ?? {}), tool: ws.tool });
    const files = [...w.artifacts.map((a) => a.file), 'plan.json', 'RESPONSE.md'];
    return { value: { dir, files }, outputs: files.map((f) => join(dir, f)), inputs: [join(ws.dir, 'case.json')] };
  });
}

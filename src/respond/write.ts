/**
 * Writes the artifacts of a plan into a directory, with `plan.json` (the canonical plan, the measures
 * and every refused value: what the report reads) and `RESPONSE.md` (how to apply and roll back each
 * file, and the impact of each measure), in the chosen language.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocation, type Issue } from '../core/issue.ts';
import { t, type Lang } from '../i18n/index.ts';
import { md, mdCode } from '../core/escape.ts';
import { generateAll, type GenerateOptions } from './generate.ts';
import { impactOf, MEASURES, type MeasureId } from './impact.ts';
import { planMeasures, scopeOf } from './policy.ts';
import type { Artifact, CanonicalPlan } from './types.ts';
import './write-messages.ts';

/** What `plan.json` holds. */
export interface PlanFile {
  tool: string;
  case_id: string;
  level: CanonicalPlan['level'];
  scope: string;
  generated_at: string;
  indicators: { nets: string[]; domains: string[]; urls: string[] };
  hosts: Array<{ ip: string; name?: string }>;
  accounts: Array<{ name: string; domain?: string; kind: string; action: string; host?: string }>;
  mail_servers: string[];
  management_hosts: string[];
  internal_networks: string[];
  measures: string[];
  files: Array<{ file: string; system: string; measures: string[] }>;
  refused: Array<{ code: string; severity: string; at: string; params: Record<string, string | number> }>;
}

export interface WriteResult {
  dir: string;
  artifacts: Artifact[];
  issues: Issue[];
  planFile: PlanFile;
}

export function planFile(plan: CanonicalPlan, artifacts: Artifact[], issues: Issue[], tool: string): PlanFile {
  return {
    tool,
    case_id: plan.caseId,
    level: plan.level,
    scope: scopeOf(plan),
    generated_at: plan.generatedAt,
    indicators: { nets: plan.nets.map((n) => n.text), domains: plan.domains, urls: plan.urls.map((u) => u.url) },
    hosts: plan.hosts.map((h) => (h.name ? { ip: h.net.text, name: h.name } : { ip: h.net.text })),
    accounts: plan.accounts.map((a) => ({ ...a })),
    mail_servers: plan.mailServers.map((n) => n.text),
    management_hosts: plan.managementHosts.map((n) => n.text),
    internal_networks: plan.internalNets.map((n) => n.text),
    measures: planMeasures(plan),
    files: artifacts.map((a) => ({ file: a.file, system: a.system, measures: a.measures })),
    refused: issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      at: formatLocation(i.at),
      params: i.params ?? {},
    })),
  };
}

export function responseMarkdown(plan: CanonicalPlan, artifacts: Artifact[], issues: Issue[], lang: Lang): string {
  const L = (code: string, p: Record<string, string | number> = {}): string => t(code, p, lang);
  const out: string[] = [];
  out.push(`# ${L('respond.md.title', { case: md(plan.caseId) })}`, '');
  out.push(`- ${L('respond.md.generated')}: ${mdCode(plan.generatedAt, false)}`);
  out.push(`- ${L('respond.md.level')}: ${mdCode(plan.level, false)} — ${L(`respond.md.level.${plan.level}`)}`);
  out.push(`- ${L('respond.md.scope')}: ${L(`respond.md.scope.${scopeOf(plan)}`)}`);
  out.push(
    `- ${L('respond.md.counts', { nets: plan.nets.length, domains: plan.domains.length, urls: plan.urls.length })}`,
  );
  const list = (label: string, values: string[]): void => {
    out.push(
      `- ${label}: ${
        values.length
          ? values
              .slice(0, 50)
              .map((v) => mdCode(v, false))
              .join(', ') + (values.length > 50 ? ` … (+${values.length - 50})` : '')
          : '—'
      }`,
    );
  };
  list(
    L('respond.md.hosts'),
    plan.hosts.map((h) => (h.name ? `${h.name} ${h.net.text}` : h.net.text)),
  );
  list(
    L('respond.md.mgmt'),
    plan.managementHosts.map((n) => n.text),
  );
  list(
    L('respond.md.mail'),
    plan.mailServers.map((n) => n.text),
  );
  list(
    L('respond.md.internal'),
    plan.internalNets.map((n) => n.text),
  );
  list(
    L('respond.md.accounts'),
    plan.accounts.map((a) => `${a.kind}:${a.domain ? `${a.domain}\\` : ''}${a.name}:${a.action}`),
  );
  out.push('', `> ${L('respond.md.warning')}`, '');

  out.push(
    `## ${L('respond.md.files')}`,
    '',
    `| ${L('respond.md.file')} | ${L('respond.md.system')} | ${L('respond.md.apply')} | ${L('respond.md.rollback')} |`,
    '|---|---|---|---|',
  );
  for (const a of artifacts) {
    out.push(
      `| ${mdCode(a.file)} | ${md(a.system)} | ${a.apply.map((x) => mdCode(x)).join('<br>')} | ${a.rollback.map((x) => mdCode(x)).join('<br>')} |`,
    );
  }
  out.push('');

  const measures = planMeasures(plan).filter((m): m is MeasureId => (MEASURES as readonly string[]).includes(m));
  out.push(`## ${L('respond.md.impact')}`, '');
  for (const id of measures) {
    const x = impactOf(id, lang);
    const files = artifacts.filter((a) => a.measures.includes(id)).map((a) => mdCode(a.file, false));
    out.push(
      `### ${md(x.title)}`,
      '',
      `- ${L('respond.md.seed')}: ${md(x.seed)}`,
      `- ${L('respond.md.c')}: ${md(x.c)}`,
      `- ${L('respond.md.i')}: ${md(x.i)}`,
      `- ${L('respond.md.a')}: ${md(x.a)}`,
      `- ${L('respond.md.evidence')}: ${md(x.evidence)}`,
      `- ${L('respond.md.rollback')}: ${md(x.rollback)}`,
      `- ${L('respond.md.in_files')}: ${files.join(', ') || '—'}`,
      '',
    );
  }

  const refused = issues.filter((i) => i.severity !== 'info');
  out.push(`## ${L('respond.md.refused', { count: refused.length })}`, '');
  if (refused.length) {
    out.push(`| ${L('respond.md.where')} | ${L('respond.md.what')} |`, '|---|---|');
    for (const i of refused.slice(0, 2000))
      out.push(`| ${mdCode(formatLocation(i.at))} | ${md(t(i.code, i.params ?? {}, lang))} |`);
    if (refused.length > 2000) out.push('', `… (+${refused.length - 2000})`);
  } else out.push(L('respond.md.none'));
  out.push('');
  return out.join('\n');
}

export function writeResponse(
  plan: CanonicalPlan,
  planIssues: Issue[],
  dir: string,
  o: GenerateOptions & { lang: Lang; tool: string },
): WriteResult {
  const { artifacts, issues: genIssues } = generateAll(plan, o);
  const issues = [...planIssues, ...genIssues];
  mkdirSync(dir, { recursive: true });
  for (const a of artifacts) writeFileSync(join(dir, a.file), a.bom ? `\ufeff${a.content}` : a.content);
  const pf = planFile(plan, artifacts, issues, o.tool);
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(pf, null, 2)}\n`);
  writeFileSync(join(dir, 'RESPONSE.md'), responseMarkdown(plan, artifacts, issues, o.lang));
  return { dir, artifacts, issues, planFile: pf };
}

/**
 * Writes the artifacts of a plan into a directory, with `plan.json` (the canonical plan, the measures
 * and every refused value: what the report reads) and `RESPONSE.md` (how to apply and roll back each
 * file, and the impact of each measure), in the chosen language.
 */
import { kindName, kindNames } from '../core/finding.ts';
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { join } from 'node:path';
import { formatLocation, type Issue } from '../core/issue.ts';
import { dynamicKey, t, type Lang, type MessageKey } from '../i18n/index.ts';
import { md, mdCode } from '../core/escape.ts';
import { formatLocal } from '../core/time-format.ts';
import '../core/messages.ts';
import { generateAll, type GenerateOptions } from './generate.ts';
import { impactOf, MEASURES, type MeasureId } from './impact.ts';
import { planMeasures, scopeOf } from './policy.ts';
import { planSteps, type Step } from './steps.ts';
import type { Artifact, CanonicalPlan, HowTo } from './types.ts';
import './messages.ts';

/** What `plan.json` holds. */
export interface PlanFile {
  tool: string;
  case_id: string;
  level: CanonicalPlan['level'];
  scope: string;
  generated_at: string;
  indicators: { nets: string[]; domains: string[]; urls: string[]; ports: string[] };
  /** judged indicators: threshold, blocked and left for a human (value, confidence, why) */
  judged: {
    min_confidence: number;
    blocked: Array<{ value: string; confidence: number; role?: string }>;
    review: Array<{ value: string; confidence: number; role?: string; excluded?: string }>;
  };
  hosts: Array<{ ip: string; name?: string; why?: string }>;
  unresolved_hosts: Array<{ name: string; verdict?: string }>;
  held_hosts: Array<{ ip: string; name?: string; why: string }>;
  accounts: Array<{ name: string; domain?: string; kind: string; action: string; host?: string; group?: string }>;
  services: Array<{ host: string; service: string; os: string }>;
  steps: Step[];
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
    indicators: {
      nets: plan.nets.map((n) => n.text),
      domains: plan.domains,
      urls: plan.urls.map((u) => u.url),
      ports: plan.ports.map((p) => p.text),
    },
    judged: {
      min_confidence: plan.judged.minConfidence,
      blocked: plan.judged.blocked.map((j) => ({ value: j.value, confidence: j.confidence, role: j.role })),
      review: plan.judged.review.map((j) => ({
        value: j.value,
        confidence: j.confidence,
        role: j.role,
        excluded: j.excluded,
      })),
    },
    hosts: plan.hosts.map((h) => ({
      ip: h.net.text,
      ...(h.name ? { name: h.name } : {}),
      ...(h.why ? { why: h.why } : {}),
    })),
    unresolved_hosts: plan.unresolvedHosts.map((u) => ({ name: u.name, verdict: u.verdict })),
    held_hosts: plan.heldHosts.map((h) => ({ ip: h.ip, name: h.name, why: h.why })),
    accounts: plan.accounts.map((a) => ({ ...a })),
    services: plan.services.map((x) => ({ host: x.host, service: x.service, os: x.os })),
    steps: planSteps(plan, artifacts),
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

export function responseMarkdown(
  plan: CanonicalPlan,
  artifacts: Artifact[],
  issues: Issue[],
  lang: Lang,
  timeZone = 'UTC',
): string {
  const L = (code: MessageKey, p: Record<string, string | number> = {}): string => t(code, p, lang);
  const out: string[] = [];
  out.push(`# ${L('respond.md.title', { case: md(plan.caseId) })}`, '');
  const generated = formatLocal(Date.parse(plan.generatedAt) * 1000, timeZone).slice(0, 19) || plan.generatedAt;
  out.push(`- ${L('respond.md.generated')}: ${md(generated)} (${md(timeZone)})`);
  out.push(`- ${L('respond.md.level')}: ${mdCode(plan.level, false)} — ${L(`respond.md.level.${plan.level}`)}`);
  out.push(`- ${L('respond.md.scope')}: ${L(`respond.md.scope.${scopeOf(plan)}`)}`);
  out.push(
    `- ${L('respond.md.counts', { nets: plan.nets.length, domains: plan.domains.length, urls: plan.urls.length, ports: plan.ports.length })}`,
  );
  if (plan.judged.blocked.length || plan.judged.review.length)
    out.push(
      `- ${L('respond.md.judged', { min: plan.judged.minConfidence, blocked: plan.judged.blocked.length, review: plan.judged.review.length })}`,
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
    plan.hosts.map((h) => (h.name && h.name !== h.net.text ? `${h.name} ${h.net.text}` : h.net.text)),
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
  out.push(...stepsMarkdown(plan, artifacts, lang));
  out.push(...judgedMarkdown(plan, lang));

  out.push(
    `## ${L('respond.md.files')}`,
    '',
    `| ${L('respond.md.file')} | ${L('respond.md.system')} | ${L('respond.md.apply')} | ${L('respond.md.rollback')} |`,
    '|---|---|---|---|',
  );
  for (const a of artifacts) {
    out.push(
      `| ${mdCode(a.file)} | ${md(a.system)} | ${a.apply.map((x) => howTo(x, lang)).join('<br>')} | ${a.rollback.map((x) => howTo(x, lang)).join('<br>')} |`,
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

/** A command as code; words in the reader's language. */
function howTo(x: HowTo, lang: Lang): string {
  return typeof x === 'string' ? mdCode(x) : md(t(x.say, x.p ?? {}, lang));
}

function stepsMarkdown(plan: CanonicalPlan, artifacts: Artifact[], lang: Lang): string[] {
  const L = (code: string, p: Record<string, string | number> = {}): string => t(dynamicKey(code), p, lang);
  const out = [
    `## ${L('respond.md.steps')}`,
    '',
    `| ${L('respond.md.step')} | ${L('respond.md.who')} | ${L('respond.md.what')} | ${L('respond.md.files')} | ${L('respond.md.rollback')} |`,
    '|---|---|---|---|---|',
  ];
  for (const s of planSteps(plan, artifacts)) {
    const what = L(`respond.step.${s.what}`, { case: plan.caseId, level: plan.level, step: s.id });
    const items = s.items?.length
      ? `<br>${s.items
          .slice(0, 30)
          .map((x) => mdCode(x, false))
          .join(', ')}${s.items.length > 30 ? ` … (+${s.items.length - 30})` : ''}`
      : '';
    const rollback = s.files
      .flatMap((f) => artifacts.find((a) => a.file === f)?.rollback ?? [])
      .map((x) => howTo(x, lang))
      .join('<br>');
    out.push(
      `| ${s.id} | ${md(L(`respond.role.${s.role}`))} | ${md(what)}${items} | ${s.files.map((f) => mdCode(f, false)).join(', ') || '—'} | ${rollback || '—'} |`,
    );
  }
  out.push('', L('respond.md.record_hint'), '');
  if (plan.unresolvedHosts.length) {
    out.push(`## ${L('respond.md.unresolved', { count: plan.unresolvedHosts.length })}`, '');
    for (const u of plan.unresolvedHosts)
      out.push(
        `- ${mdCode(u.name, false)}${u.verdict ? ` (${md(L(`verdict.${u.verdict}`))}${typeof u.confidence === 'number' ? ` ${Math.round(u.confidence * 100)}%` : ''})` : ''}: ${md(kindNames((u.reasons ?? []).slice(0, 5).join(', '), lang))} — ${mdCode(`konseki respond --case <dir> --level ${plan.level} --hosts ${u.name}=<IP>`, false)}`,
      );
    out.push('', L('respond.md.unresolved_hint'), '');
  }
  if (plan.heldHosts.length) {
    out.push(`## ${L('respond.md.held', { count: plan.heldHosts.length })}`, '');
    for (const h of plan.heldHosts)
      out.push(
        `- ${mdCode(`${h.name ?? ''} ${h.ip}`.trim(), false)}: ${md(L(`respond.held.${h.why.split(':')[0]}`, { role: h.why.split(':')[1] ?? '' }))}`,
      );
    out.push('');
  }
  return out;
}

function judgedMarkdown(plan: CanonicalPlan, lang: Lang): string[] {
  const L = (code: string, p: Record<string, string | number> = {}): string => t(dynamicKey(code), p, lang);
  const out: string[] = [];
  const table = (title: string, list: CanonicalPlan['judged']['blocked']): void => {
    if (!list.length) return;
    out.push(
      `## ${title}`,
      '',
      `| ${L('respond.md.indicator')} | ${L('respond.md.confidence')} | ${L('respond.md.role')} | ${L('respond.md.contacted_by')} | ${L('respond.md.basis')} |`,
      '|---|---|---|---|---|',
    );
    for (const j of list.slice(0, 500)) {
      const basis = (j.basis ?? [])
        .slice(0, 6)
        .map(
          (b) =>
            `${kindName(b.kind, lang)}${b.severity ? `/${L(`level.${b.severity}`)}` : ''}${b.host ? ` (${b.host})` : ''}`,
        )
        .join(', ');
      const why = j.excluded ? ` — ${L(`respond.excluded.${j.excluded}`)}` : '';
      out.push(
        `| ${mdCode(j.value, false)} | ${Math.round(j.confidence * 100)}%${md(why)} | ${md(j.role ? L(`respond.judged.role.${j.role}`) : '')} | ${md((j.hosts ?? []).slice(0, 10).join(', '))} | ${md(basis)} |`,
      );
    }
    if (list.length > 500) out.push('', `… (+${list.length - 500})`);
    out.push('');
  };
  table(L('respond.md.judged_blocked', { min: plan.judged.minConfidence }), plan.judged.blocked);
  table(L('respond.md.judged_review'), plan.judged.review);
  return out;
}

export function writeResponse(
  plan: CanonicalPlan,
  planIssues: Issue[],
  dir: string,
  o: GenerateOptions & { lang: Lang; tool: string; timeZone?: string },
): WriteResult {
  const { artifacts, issues: genIssues } = generateAll(plan, o);
  const issues = [...planIssues, ...genIssues];
  mkdirSync(dir, { recursive: true });
  // each file whole or not at all (a temporary name, then rename): half a firewall rule set must never be applied
  for (const a of artifacts) writeFileAtomic(join(dir, a.file), a.bom ? `\ufeff${a.content}` : a.content);
  const pf = planFile(plan, artifacts, issues, o.tool);
  writeFileAtomic(join(dir, 'plan.json'), `${JSON.stringify(pf, null, 2)}\n`);
  writeFileAtomic(join(dir, 'RESPONSE.md'), responseMarkdown(plan, artifacts, issues, o.lang, o.timeZone));
  return { dir, artifacts, issues, planFile: pf };
}

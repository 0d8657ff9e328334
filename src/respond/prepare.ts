/**
 * From the inputs of `konseki respond` to a canonical plan ready to write, with every refusal and
 * warning the command gives: one function for the command line and for the web workspace
 * (`konseki serve`), so that both write the same files. A plan that must not be written (it would
 * isolate nothing, block nothing, or treat the whole Internet as internal) comes back as a refusal.
 */
import { issue, type Issue } from '../core/issue.ts';
import type { MessageKey } from '../i18n/index.ts';
import { buildPlan, type RespondInputs } from './case-input.ts';
import { canonicalizePlan } from './plan.ts';
import type { CanonicalPlan } from './types.ts';
import './messages.ts';

export interface PreparedResponse {
  plan: CanonicalPlan;
  issues: Issue[];
  /** why the plan must not be written (the command stops with this error) */
  refusal?: { code: MessageKey; params: Record<string, string | number> };
}

/** `onlyHosts`: of the hosts case.json names, act on these addresses only (the workspace's ticks). */
export function prepareResponse(i: RespondInputs & { onlyHosts?: string[] }): PreparedResponse {
  const built = buildPlan(i);
  if (i.onlyHosts) {
    const keep = new Set(i.onlyHosts);
    const given = new Set((i.hosts ?? '').split(',').flatMap((h) => h.split('=').map((x) => x.trim())));
    built.plan.hosts = (built.plan.hosts ?? []).filter((h) => keep.has(h.ip) || given.has(h.ip));
  }
  const { plan, issues } = canonicalizePlan(built.plan, { locate: built.locate });
  const all = [...built.issues, ...issues];
  // an internal network that covers everything makes every "external" rule dead: refuse, do not guess
  const broad = issues.find((x) => x.code === 'respond.rejected' && x.params?.reason === 'internal-too-broad');
  if (broad)
    return {
      plan,
      issues: all,
      refusal: { code: 'respond.internal_too_broad', params: { value: String(broad.params?.value ?? '') } },
    };
  const indicators = plan.nets.length + plan.domains.length + plan.urls.length + plan.ports.length;
  const manual = plan.unresolvedHosts.length + plan.judged.review.length + plan.heldHosts.length;
  if (plan.level === 'isolate-hosts' && !plan.hosts.length && !plan.unresolvedHosts.length)
    return { plan, issues: all, refusal: { code: 'respond.isolate_no_hosts', params: {} } };
  // the other levels always do something: without hosts they apply to the whole site
  if ((plan.level === 'cnc-only' || plan.level === 'watch') && !indicators && !plan.accounts.length && !manual)
    return { plan, issues: all, refusal: { code: 'respond.nothing', params: {} } };
  const blocksNothing =
    ((plan.level === 'cnc-only' || plan.level === 'watch') && !indicators) ||
    (plan.level === 'isolate-hosts' && !plan.hosts.length && !indicators);
  if (blocksNothing)
    all.push(
      issue(
        'respond.blocks_nothing',
        { file: 'plan' },
        { level: plan.level, min: plan.judged.minConfidence },
        'warning',
      ),
    );
  if (plan.unresolvedHosts.length)
    all.push(
      issue(
        'respond.unresolved_hosts',
        { file: 'case.json' },
        {
          count: plan.unresolvedHosts.length,
          names: plan.unresolvedHosts
            .map((u) => u.name)
            .slice(0, 10)
            .join(', '),
        },
        'warning',
      ),
    );
  return { plan, issues: all };
}

/**
 * `konseki case`: the incident record (phases A–G, notes, containment status), chain of custody,
 * evidence manifest and the report of a case directory. Every command that changes the case appends a
 * custody entry.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Argument, Command } from '@commander-js/extra-typings';
import { CaseDir } from '../../case/case-dir.ts';
import { appendCustody, buildEvidenceManifest, readCustody, verifyCustody } from '../../case/custody.ts';
import {
  addContainment,
  addNote,
  containmentStatus,
  currentPhase,
  isPhase,
  PHASES,
  phaseName,
  setPhase,
} from '../../case/record.ts';
import { verifyCase } from '../../case/verify.ts';
import { formatLocation, KonsekiError, type Issue } from '../../core/issue.ts';
import { walkInputs } from '../../core/walk.ts';
import { displayZone } from '../../case/settings.ts';
import { formatLocal } from '../../core/time-format.ts';
import { getLang, t } from '../../i18n/index.ts';
import '../messages.ts';
import { modelFromCaseDir } from '../../report/from-case-dir.ts';
import { writeReport } from '../../report/write.ts';
import { refreshReport } from '../../report/refresh.ts';
import { EXIT } from '../exit-codes.ts';
import { options, requireExisting } from '../options.ts';
import { emit, msg, say, val } from '../output.ts';
import { printIssues } from '../report-issues.ts';
import { VERSION } from '../version.ts';

function me(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Steps of the last `konseki respond` (respond/plan.json): id → its measures. */
function planSteps(c: CaseDir): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // no plan (or not readable): measures are recorded as given
  const plan = c.readJson('respond/plan.json', []) as { steps?: unknown } | undefined;
  const steps = plan && typeof plan === 'object' && Array.isArray(plan.steps) ? plan.steps : [];
  for (const s of steps)
    if (s && typeof s.id === 'string' && /^S\d{1,3}$/.test(s.id))
      out.set(s.id, Array.isArray(s.measures) ? s.measures.filter((m: unknown) => typeof m === 'string') : []);
  return out;
}

function caseDir(dir: string, create = false): CaseDir {
  const d = resolve(dir);
  if (!existsSync(d)) {
    if (!create) throw new KonsekiError('cli.not_found', { path: d });
    mkdirSync(d, { recursive: true });
  }
  return new CaseDir(d);
}

/** The final record of a command that changed the case: the report refreshed first, so the log records it as it is. */
async function custody(
  c: CaseDir,
  command: string,
  extra: { inputs?: string[]; outputs?: string[]; refresh?: boolean } = {},
): Promise<void> {
  const report = extra.refresh === false ? [] : await refreshReport(c.dir, `konseki ${VERSION}`);
  await appendCustody(c.dir, {
    command,
    args: process.argv.slice(2),
    version: VERSION,
    inputs: extra.inputs,
    outputs: [...(extra.outputs ?? []), ...report],
  });
}

const out = say;

export function caseCommand() {
  const cmd = new Command('case').description(t('case.description'));

  cmd
    .command('note')
    .description(t('case.note.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--phase <phase>', t('case.opt.phase'))
    .option('--author <name>', t('case.opt.author'))
    .argument('<text...>', t('case.arg.text'))
    .action(async (text, opts) => {
      if (opts.phase !== undefined && !isPhase(opts.phase.toUpperCase()))
        throw new KonsekiError('case.bad_phase', { value: opts.phase });
      const c = caseDir(opts.case, true);
      const r = c.record();
      addNote(r, text.join(' '), opts.author ?? me(), opts.phase?.toUpperCase() as (typeof PHASES)[number] | undefined);
      await custody(c, 'case note', { outputs: [c.writeRecord(r)] });
    });

  cmd
    .command('phase')
    .description(t('case.phase.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--note <text>', t('case.opt.note'))
    .option('--author <name>', t('case.opt.author'))
    .argument('<phase>', t('case.arg.phase'))
    .addArgument(new Argument('<what>', t('case.arg.what')).choices(['start', 'done'] as const))
    .action(async (phase, what, opts) => {
      const p = phase.toUpperCase();
      if (!isPhase(p)) throw new KonsekiError('case.bad_phase', { value: phase });
      const c = caseDir(opts.case, true);
      const r = c.record();
      setPhase(r, p, what);
      if (opts.note) addNote(r, opts.note, opts.author ?? me(), p);
      await custody(c, 'case phase', { outputs: [c.writeRecord(r)] });
    });

  cmd
    .command('contain')
    .description(t('case.contain.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--author <name>', t('case.opt.author'))
    .addArgument(new Argument('<status>', t('case.arg.status')).choices(['applied', 'rolled-back'] as const))
    .argument('[measures...]', t('case.arg.measures'))
    .action(async (status, measures, opts) => {
      const c = caseDir(opts.case);
      const r = c.record();
      // a step of respond/plan.json (S4) records each of its measures under that step
      const steps = planSteps(c);
      const now = new Date();
      for (const m of measures.length ? measures : ['all']) {
        const step = steps.get(m.toUpperCase());
        if (step)
          for (const x of step.length ? step : [m.toUpperCase()])
            addContainment(r, x, status, opts.author ?? me(), now, m.toUpperCase());
        else addContainment(r, m.slice(0, 100), status, opts.author ?? me(), now);
      }
      await custody(c, 'case contain', { outputs: [c.writeRecord(r)] });
    });

  cmd
    .command('show')
    .description(t('case.show.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--json', t('case.opt.json'))
    .addOption(options.timezone('case.opt.showTimezone'))
    .action((opts) => {
      const c = caseDir(opts.case);
      const dir = c.dir;
      const r = c.record();
      const tz = displayZone(c.settings(), opts.timezone);
      const when = (iso: string): string => formatLocal(Date.parse(iso) * 1000, tz).slice(0, 19) || iso;
      const chain = verifyCustody(dir);
      if (opts.json) {
        emit(
          process.stdout,
          `${JSON.stringify({ record: r, custody: { entries: chain.entries, problems: chain.problems } }, null, 2)}\n`,
        );
        return;
      }
      const lang = getLang();
      const cur = currentPhase(r);
      out(msg('case.show.header', { dir }));
      out(t('case.show.zone', { zone: tz }));
      for (const p of PHASES) {
        const s = r.phases[p];
        out(
          `  ${p === cur ? '▶' : ' '} ${p}. ${phaseName(p, lang)}  ${s.started ? t('case.show.started', { time: when(s.started) }) : ''}${s.completed ? `  ${t('case.show.completed', { time: when(s.completed) })}` : ''}`,
        );
      }
      if (r.notes.length) out(t('case.show.notes', { count: r.notes.length }));
      for (const n of r.notes) out(`  ${when(n.ts)} ${n.phase ? `[${n.phase}] ` : ''}${val(n.author)}: ${val(n.text)}`);
      const cs = containmentStatus(r);
      if (cs.size) out(t('case.show.containment'));
      for (const [m, e] of cs) out(`  ${val(m)}: ${t(`case.status.${e.status}`)} (${when(e.ts)}, ${val(e.author)})`);
      const entries = readCustody(dir);
      out(
        t('case.show.custody', {
          count: chain.entries,
          problems: chain.problems.length,
          last: entries.length
            ? `${when(entries[entries.length - 1]!.ts)} ${val(entries[entries.length - 1]!.command)}`
            : '-',
        }),
      );
    });

  cmd
    .command('manifest')
    .description(t('case.manifest.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .argument('<evidence...>', t('case.arg.evidence'))
    .action(async (evidence, opts) => {
      requireExisting(evidence);
      const c = caseDir(opts.case, true);
      const issues: Issue[] = [];
      const files = walkInputs(evidence, issues);
      if (!files.length) throw new KonsekiError('cli.no_inputs', { paths: evidence.join(', ') });
      const m = await buildEvidenceManifest(files, `konseki ${VERSION}`, new Date(), issues);
      const file = c.writeManifest(m);
      await custody(c, 'case manifest', { outputs: [file] });
      printIssues(issues, false);
      out(msg('case.manifest.written', { count: m.files.length, file }));
      if (issues.some((i) => i.severity === 'error')) process.exitCode = EXIT.incomplete;
    });

  cmd
    .command('verify')
    .description(t('case.verify.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .action(async (opts) => {
      const c = caseDir(opts.case);
      const v = await verifyCase(c.dir);
      let bad = 0;
      if (!v.manifest) out(t('case.verify.no_manifest'));
      else {
        for (const ch of v.manifest.changes)
          out(
            `  ✗ ${val(ch.path)}: ${t(`case.change.${ch.kind}`)}${ch.expected ? ` (${val(ch.expected)} → ${val(ch.actual ?? '')})` : ''}`,
          );
        bad += v.manifest.changes.filter((ch) => ch.kind !== 'mtime').length;
        out(t('case.verify.manifest', { checked: v.manifest.checked, changes: v.manifest.changes.length }));
      }
      for (const p of v.custody.problems) out(`  ✗ custody.jsonl:${p.line}: ${t(`case.custody.${p.problem}`)}`);
      out(t('case.verify.custody', { entries: v.custody.entries, problems: v.custody.problems.length }));
      bad += v.custody.problems.length;
      for (const p of v.problems)
        out(`  ${p.severity === 'error' ? '✗' : '·'} ${val(formatLocation(p.at))}: ${msg(p.code, p.params ?? {})}`);
      bad += v.problems.filter((p) => p.severity === 'error').length;
      out(bad ? t('case.verify.failed', { problems: bad }) : t('case.verify.ok'));
      await custody(c, 'case verify');
      if (bad) process.exitCode = EXIT.checkFailed;
    });

  cmd
    .command('report')
    .description(t('case.report.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--out <dir>', t('case.opt.reportOut'))
    .addOption(options.timezone('case.opt.timezone'))
    .option('--no-verify', t('case.opt.noVerify'))
    .action(async (opts, command) => {
      const c = caseDir(opts.case);
      const dir = c.dir;
      const given = (command.optsWithGlobals() as { lang?: string }).lang;
      const lang = given === 'ja' || given === 'en' ? given : undefined;
      // a report written into the case changes the case's display settings: later refreshes keep them
      const outputs: string[] = [];
      if (!opts.out && (lang || opts.timezone)) outputs.push(c.saveSettings({ lang, time_zone: opts.timezone }));
      const s = c.settings();
      const model = await modelFromCaseDir(dir, {
        lang: lang ?? s.lang ?? getLang(),
        timeZone: displayZone(s, opts.timezone),
        tool: `konseki ${VERSION}`,
        verify: opts.verify,
      });
      const files = writeReport(model, resolve(opts.out ?? dir));
      // the report just written is the one to record (a refresh would write the same again)
      await custody(c, 'case report', { outputs: [...outputs, files.html, files.md], refresh: false });
      out(msg('case.report.written', { html: files.html, md: files.md }));
    });

  return cmd;
}

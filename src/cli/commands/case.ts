/**
 * `konseki case`: the incident record (phases A–G, notes, containment status), chain of custody,
 * evidence manifest and the report of a case directory. Every command that changes the case appends a
 * custody entry.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Argument, Command } from '@commander-js/extra-typings';
import {
  appendCustody,
  buildEvidenceManifest,
  readCustody,
  readEvidenceManifest,
  verifyCustody,
  verifyEvidenceManifest,
  writeEvidenceManifest,
} from '../../case/custody.ts';
import {
  addContainment,
  addNote,
  containmentStatus,
  currentPhase,
  isPhase,
  PHASES,
  phaseName,
  readRecord,
  setPhase,
  writeRecord,
  type IncidentRecord,
} from '../../case/record.ts';
import { KonsekiError } from '../../core/issue.ts';
import { formatLocal, isValidTimeZone } from '../../core/time-format.ts';
import { readCaseFile, saveSettings } from '../../case/case-file.ts';
import { displayZone, settingsOf } from '../../case/settings.ts';
import { walkInputs } from '../../core/walk.ts';
import { getLang, t } from '../../i18n/index.ts';
import '../messages.ts';
import { visible } from '../../core/escape.ts';
import { modelFromCaseDir } from '../../report/from-case-dir.ts';
import { writeReport } from '../../report/write.ts';
import { refreshReport } from '../../report/refresh.ts';
import { VERSION } from '../version.ts';

function me(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Steps of the last `konseki respond` (respond/plan.json): id → its measures. */
function planSteps(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  try {
    const plan = JSON.parse(readFileSync(join(dir, 'respond', 'plan.json'), 'utf8')) as { steps?: unknown };
    for (const s of Array.isArray(plan.steps) ? plan.steps : [])
      if (s && typeof s.id === 'string' && /^S\d{1,3}$/.test(s.id))
        out.set(s.id, Array.isArray(s.measures) ? s.measures.filter((m: unknown) => typeof m === 'string') : []);
  } catch {
    // no plan (or not readable): measures are recorded as given
  }
  return out;
}

function caseDir(dir: string, create = false): string {
  const d = resolve(dir);
  if (!existsSync(d)) {
    if (!create) throw new KonsekiError('cli.not_found', { path: d });
    mkdirSync(d, { recursive: true });
  }
  return d;
}

function loadRecord(dir: string): IncidentRecord {
  try {
    return readRecord(dir);
  } catch (e) {
    throw new KonsekiError('case.bad_record', {
      file: join(dir, 'incident-record.json'),
      message: (e as Error).message.slice(0, 200),
    });
  }
}

async function custody(
  dir: string,
  command: string,
  extra: { inputs?: string[]; outputs?: string[] } = {},
): Promise<void> {
  await appendCustody(dir, { command, args: process.argv.slice(2), version: VERSION, ...extra });
  await refreshReport(dir, `konseki ${VERSION}`);
}

const out = (s: string): void => void process.stdout.write(`${s}\n`);

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
      const dir = caseDir(opts.case, true);
      if (opts.phase !== undefined && !isPhase(opts.phase.toUpperCase()))
        throw new KonsekiError('case.bad_phase', { value: opts.phase });
      const r = loadRecord(dir);
      addNote(r, text.join(' '), opts.author ?? me(), opts.phase?.toUpperCase() as (typeof PHASES)[number] | undefined);
      writeRecord(dir, r);
      await custody(dir, 'case note');
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
      const dir = caseDir(opts.case, true);
      const r = loadRecord(dir);
      setPhase(r, p, what);
      if (opts.note) addNote(r, opts.note, opts.author ?? me(), p);
      writeRecord(dir, r);
      await custody(dir, 'case phase');
    });

  cmd
    .command('contain')
    .description(t('case.contain.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--author <name>', t('case.opt.author'))
    .addArgument(new Argument('<status>', t('case.arg.status')).choices(['applied', 'rolled-back'] as const))
    .argument('[measures...]', t('case.arg.measures'))
    .action(async (status, measures, opts) => {
      const dir = caseDir(opts.case);
      const r = loadRecord(dir);
      // a step of respond/plan.json (S4) records each of its measures under that step
      const steps = planSteps(dir);
      const now = new Date();
      for (const m of measures.length ? measures : ['all']) {
        const step = steps.get(m.toUpperCase());
        if (step)
          for (const x of step.length ? step : [m.toUpperCase()])
            addContainment(r, x, status, opts.author ?? me(), now, m.toUpperCase());
        else addContainment(r, m.slice(0, 100), status, opts.author ?? me(), now);
      }
      writeRecord(dir, r);
      await custody(dir, 'case contain');
    });

  cmd
    .command('show')
    .description(t('case.show.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--json', t('case.opt.json'))
    .option('--timezone <zone>', t('case.opt.showTimezone'))
    .action((opts) => {
      const dir = caseDir(opts.case);
      if (opts.timezone !== undefined && !isValidTimeZone(opts.timezone))
        throw new KonsekiError('triage.bad_zone', { value: opts.timezone });
      const r = loadRecord(dir);
      const tz = displayZone(settingsOf(readCaseFile(dir)), opts.timezone);
      const when = (iso: string): string => formatLocal(Date.parse(iso) * 1000, tz).slice(0, 19) || iso;
      const chain = verifyCustody(dir);
      if (opts.json) {
        out(JSON.stringify({ record: r, custody: { entries: chain.entries, problems: chain.problems } }, null, 2));
        return;
      }
      const lang = getLang();
      const cur = currentPhase(r);
      out(t('case.show.header', { dir }));
      out(t('case.show.zone', { zone: tz }));
      for (const p of PHASES) {
        const s = r.phases[p];
        out(
          `  ${p === cur ? '▶' : ' '} ${p}. ${phaseName(p, lang)}  ${s.started ? t('case.show.started', { time: when(s.started) }) : ''}${s.completed ? `  ${t('case.show.completed', { time: when(s.completed) })}` : ''}`,
        );
      }
      if (r.notes.length) out(t('case.show.notes', { count: r.notes.length }));
      for (const n of r.notes)
        out(`  ${when(n.ts)} ${n.phase ? `[${n.phase}] ` : ''}${visible(n.author)}: ${visible(n.text)}`);
      const cs = containmentStatus(r);
      if (cs.size) out(t('case.show.containment'));
      for (const [m, e] of cs)
        out(`  ${visible(m)}: ${t(`case.status.${e.status}`)} (${when(e.ts)}, ${visible(e.author)})`);
      const entries = readCustody(dir);
      out(
        t('case.show.custody', {
          count: chain.entries,
          problems: chain.problems.length,
          last: entries.length
            ? `${when(entries[entries.length - 1]!.ts)} ${visible(entries[entries.length - 1]!.command)}`
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
      const dir = caseDir(opts.case, true);
      const files = walkInputs(evidence, []);
      if (!files.length) throw new KonsekiError('cli.no_inputs', { paths: evidence.join(', ') });
      const m = await buildEvidenceManifest(files, `konseki ${VERSION}`);
      const file = writeEvidenceManifest(dir, m);
      await custody(dir, 'case manifest', { inputs: files, outputs: [file] });
      out(t('case.manifest.written', { count: m.files.length, file }));
    });

  cmd
    .command('verify')
    .description(t('case.verify.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .action(async (opts) => {
      const dir = caseDir(opts.case);
      const m = readEvidenceManifest(dir);
      let bad = 0;
      if (!m) out(t('case.verify.no_manifest'));
      else {
        const v = await verifyEvidenceManifest(m);
        for (const c of v.changes)
          out(
            `  ✗ ${visible(c.path)}: ${t(`case.change.${c.kind}`)}${c.expected ? ` (${visible(c.expected)} → ${visible(c.actual ?? '')})` : ''}`,
          );
        bad += v.changes.filter((c) => c.kind !== 'mtime').length;
        out(t('case.verify.manifest', { checked: v.checked, changes: v.changes.length }));
      }
      const chain = verifyCustody(dir);
      for (const p of chain.problems) out(`  ✗ custody.jsonl:${p.line}: ${t(`case.custody.${p.problem}`)}`);
      out(t('case.verify.custody', { entries: chain.entries, problems: chain.problems.length }));
      bad += chain.problems.length;
      await custody(dir, 'case verify');
      if (bad) process.exitCode = 1;
    });

  cmd
    .command('report')
    .description(t('case.report.description'))
    .requiredOption('--case <dir>', t('case.opt.case'))
    .option('--out <dir>', t('case.opt.reportOut'))
    .option('--timezone <zone>', t('case.opt.timezone'))
    .option('--no-verify', t('case.opt.noVerify'))
    .action(async (opts, command) => {
      const dir = caseDir(opts.case);
      if (opts.timezone !== undefined && !isValidTimeZone(opts.timezone))
        throw new KonsekiError('triage.bad_zone', { value: opts.timezone });
      const given = (command.optsWithGlobals() as { lang?: string }).lang;
      const lang = given === 'ja' || given === 'en' ? given : undefined;
      // a report written into the case changes the case's display settings: later refreshes keep them
      const outputs: string[] = [];
      if (!opts.out && (lang || opts.timezone)) outputs.push(saveSettings(dir, { lang, time_zone: opts.timezone }));
      const s = settingsOf(readCaseFile(dir));
      const model = await modelFromCaseDir(dir, {
        lang: lang ?? s.lang ?? getLang(),
        timeZone: displayZone(s, opts.timezone),
        tool: `konseki ${VERSION}`,
        verify: opts.verify,
      });
      const files = writeReport(model, resolve(opts.out ?? dir));
      await custody(dir, 'case report', { outputs: [...outputs, files.html, files.md] });
      out(t('case.report.written', { html: files.html, md: files.md }));
    });

  return cmd;
}

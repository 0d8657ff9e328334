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
import { defineMessages, getLang, t, type KeysOf } from '../../i18n/index.ts';
import { modelFromCaseDir } from '../../report/from-case-dir.ts';
import { writeReport } from '../../report/write.ts';
import { refreshReport } from '../../report/refresh.ts';
import { EXIT } from '../exit-codes.ts';
import { options, requireExisting, zoneOr } from '../options.ts';
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
    .action((opts) => {
      const c = caseDir(opts.case);
      const dir = c.dir;
      const r = c.record();
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
      for (const p of PHASES) {
        const s = r.phases[p];
        out(
          `  ${p === cur ? '▶' : ' '} ${p}. ${phaseName(p, lang)}  ${s.started ? t('case.show.started', { time: s.started }) : ''}${s.completed ? `  ${t('case.show.completed', { time: s.completed })}` : ''}`,
        );
      }
      if (r.notes.length) out(t('case.show.notes', { count: r.notes.length }));
      for (const n of r.notes) out(`  ${n.ts} ${n.phase ? `[${n.phase}] ` : ''}${val(n.author)}: ${val(n.text)}`);
      const cs = containmentStatus(r);
      if (cs.size) out(t('case.show.containment'));
      for (const [m, e] of cs) out(`  ${val(m)}: ${e.status} (${e.ts}, ${val(e.author)})`);
      const entries = readCustody(dir);
      out(
        t('case.show.custody', {
          count: chain.entries,
          problems: chain.problems.length,
          last: entries.length
            ? `${entries[entries.length - 1]!.ts} ${val(entries[entries.length - 1]!.command)}`
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
    .action(async (opts) => {
      const c = caseDir(opts.case);
      const dir = c.dir;
      const timeZone = zoneOr(opts.timezone);
      const model = await modelFromCaseDir(dir, {
        lang: getLang(),
        timeZone,
        tool: `konseki ${VERSION}`,
        verify: opts.verify,
      });
      const files = writeReport(model, resolve(opts.out ?? dir));
      // the report just written is the one to record (a refresh would redo it in triage's language)
      await custody(c, 'case report', { outputs: [files.html, files.md], refresh: false });
      out(msg('case.report.written', { html: files.html, md: files.md }));
    });

  return cmd;
}

const CLI_COMMANDS_CASE_MESSAGES = defineMessages(
  {
    'case.description':
      'incident record (phases A–G, notes, containment), chain of custody, evidence manifest and report of a case directory',
    'case.note.description': 'add a timestamped note to the incident record',
    'case.phase.description': 'mark an incident-handling phase (A–G) as started or done',
    'case.contain.description':
      'record that containment measures were applied or rolled back (default: all measures of respond/plan.json)',
    'case.show.description': 'show the incident record and the state of the custody log',
    'case.manifest.description': 'write evidence-manifest.json (SHA-256, size, mtime of every evidence file)',
    'case.verify.description': 'hash the evidence again against evidence-manifest.json and check the custody log chain',
    'case.report.description': 'write report.html and report.md for the case',
    'case.opt.case': 'case directory',
    'case.opt.phase': 'phase the note belongs to (A–G)',
    'case.opt.author': 'who writes (default: the OS user)',
    'case.opt.note': 'a note to add with the phase change',
    'case.opt.json': 'print the record as JSON',
    'case.opt.reportOut': 'where to write the report (default: the case directory)',
    'case.opt.timezone': 'IANA time zone for the times in the report (default: the local zone)',
    'case.opt.noVerify': 'do not hash the evidence again for the report',
    'case.arg.text': 'the note',
    'case.arg.phase': 'phase A–G',
    'case.arg.what': 'start or done',
    'case.arg.status': 'applied or rolled-back',
    'case.arg.measures': 'measure ids (block-c2-net, block-c2-dns, ...); none means all',
    'case.arg.evidence': 'evidence files or directories',
    'case.bad_phase': 'unknown phase {value}: use A to G',
    'case.show.header': 'incident record of {dir}',
    'case.show.started': 'started {time}',
    'case.show.completed': 'done {time}',
    'case.show.notes': 'notes ({count}):',
    'case.show.containment': 'containment:',
    'case.show.custody': 'custody log: {count} entries, {problems} problems; last: {last}',
    'case.manifest.written': '{count} evidence files hashed into {file}',
    'case.verify.no_manifest': 'no evidence-manifest.json in this case',
    'case.verify.manifest': 'evidence: {checked} files checked, {changes} changes',
    'case.verify.custody': 'custody log: {entries} entries, {problems} problems',
    'case.verify.ok': 'verified: the evidence, the custody log and the outputs it recorded are intact',
    'case.verify.failed': 'NOT verified: {problems} problems (see above)',
    'case.change.missing': 'missing',
    'case.change.unreadable': 'unreadable',
    'case.change.size': 'size changed',
    'case.change.sha256': 'content changed (SHA-256 differs)',
    'case.change.mtime': 'modification time changed (content identical)',
    'case.custody.json': 'not a JSON line',
    'case.custody.chain': 'does not chain to the line before (a line was removed, inserted or edited)',
    'case.custody.seq': 'sequence number out of order',
    'case.report.written': 'wrote {html} and {md}',
  },
  {
    'case.description':
      'ケースディレクトリのインシデント記録 (フェーズ A–G・メモ・封じ込め)、証拠保全の記録 (CoC)、証拠一覧、報告書',
    'case.note.description': 'インシデント記録に時刻付きのメモを追加する',
    'case.phase.description': 'インシデントハンドリングのフェーズ (A–G) の開始・完了を記録する',
    'case.contain.description': '封じ込め措置の実施・解除を記録する (既定: respond/plan.json のすべての措置)',
    'case.show.description': 'インシデント記録と証拠保全ログの状態を表示する',
    'case.manifest.description': 'evidence-manifest.json (証拠ファイルごとの SHA-256・サイズ・更新日時) を作成する',
    'case.verify.description': '証拠を evidence-manifest.json と照合し、証拠保全ログの連鎖を確認する',
    'case.report.description': 'ケースの report.html と report.md を作成する',
    'case.opt.case': 'ケースディレクトリ',
    'case.opt.phase': 'メモが属するフェーズ (A–G)',
    'case.opt.author': '記入者 (既定: OS のユーザ名)',
    'case.opt.note': 'フェーズの変更と一緒に残すメモ',
    'case.opt.json': '記録を JSON で出力する',
    'case.opt.reportOut': '報告書の出力先 (既定: ケースディレクトリ)',
    'case.opt.timezone': '報告書の時刻の IANA タイムゾーン (既定: ローカル)',
    'case.opt.noVerify': '報告書の作成時に証拠のハッシュを再計算しない',
    'case.arg.text': 'メモ',
    'case.arg.phase': 'フェーズ A–G',
    'case.arg.what': 'start (開始) または done (完了)',
    'case.arg.status': 'applied (実施) または rolled-back (解除)',
    'case.arg.measures': '措置 ID (block-c2-net, block-c2-dns など)。省略時はすべて',
    'case.arg.evidence': '証拠ファイルまたはディレクトリ',
    'case.bad_phase': '不明なフェーズ {value}: A から G で指定してください',
    'case.show.header': '{dir} のインシデント記録',
    'case.show.started': '開始 {time}',
    'case.show.completed': '完了 {time}',
    'case.show.notes': 'メモ ({count} 件):',
    'case.show.containment': '封じ込め:',
    'case.show.custody': '証拠保全ログ: {count} 件、問題 {problems} 件。最新: {last}',
    'case.manifest.written': '証拠ファイル {count} 件のハッシュを {file} に記録しました',
    'case.verify.no_manifest': 'このケースには evidence-manifest.json がありません',
    'case.verify.manifest': '証拠: {checked} ファイルを確認、変更 {changes} 件',
    'case.verify.custody': '証拠保全ログ: {entries} 件、問題 {problems} 件',
    'case.verify.ok': '検証済み: 証拠、証拠保全ログ、ログに記録された出力ファイルはすべて改変されていません',
    'case.verify.failed': '検証できません: 問題 {problems} 件 (上記を参照)',
    'case.change.missing': 'ファイルがありません',
    'case.change.unreadable': '読めません',
    'case.change.size': 'サイズが変わっています',
    'case.change.sha256': '内容が変わっています (SHA-256 が不一致)',
    'case.change.mtime': '更新日時が変わっています (内容は同一)',
    'case.custody.json': 'JSON の行ではありません',
    'case.custody.chain': '前の行と連鎖していません (行の削除・挿入・編集があります)',
    'case.custody.seq': '通し番号の順序が不正です',
    'case.report.written': '{html} と {md} を作成しました',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLI_COMMANDS_CASE_MESSAGES> {}
}

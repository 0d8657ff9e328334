// Messages of the case directory: reading its files, where a run may write, and its verification.
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CASE_MESSAGES = defineMessages(
  {
    'case.bad_file': 'cannot read this case file: {reason}',
    'case.bad_record': 'cannot read {file}: {message}',
    'case.out_overlaps':
      'the output directory {out} overlaps the evidence {evidence}: konseki never writes into the evidence or reads its own case as evidence; choose a directory outside the evidence',
    'case.out_not_dir': 'the output {out} exists and is not a directory',
    'case.out_not_case':
      '{out} is not empty and is not a konseki case: choose a new or empty directory, or add --force to write the case there anyway',
    'evidence.unreadable': 'cannot read this evidence file (not hashed, not read): {reason}',
    'case.verify.log_emptied':
      'the custody log is empty or missing, but its head says it held {seq} entries (the log was emptied or deleted)',
    'case.verify.log_truncated':
      'the custody log ends at entry {found}, but its head says entry {seq} was the last (entries were removed from the end)',
    'case.verify.no_head': 'custody-head.json is missing (it records where the custody log must end)',
    'case.verify.no_log': 'the case has outputs but no custody log',
    'case.verify.no_triage': 'no completed triage (or case manifest) is recorded in the custody log',
    'case.verify.unrecorded':
      'no custody entry recorded this file: it was not written by a konseki command that completed',
    'case.verify.output_missing': 'missing: the custody log recorded this file',
    'case.verify.output_changed':
      'changed since the custody log recorded it (recorded SHA-256 {recorded}…): edited by hand, or written by a run that did not complete',
    'case.verify.case_json_edited': 'edited since the last command recorded it (analysts may edit case.json)',
    'case.verify.incomplete_run':
      'the last run ({command}, started {started}) did not complete ({status}): the case holds the outputs of the run before it',
  },
  {
    'case.bad_file': 'このケースファイルを読めません: {reason}',
    'case.bad_record': '{file} を読めません: {message}',
    'case.out_overlaps':
      '出力先 {out} が証拠 {evidence} と重なっています。konseki は証拠の中に書き込まず、自分のケースを証拠として読むこともしません。証拠の外のディレクトリを指定してください',
    'case.out_not_dir': '出力先 {out} は既に存在し、ディレクトリではありません',
    'case.out_not_case':
      '{out} は空ではなく、konseki のケースでもありません。新しいディレクトリか空のディレクトリを指定するか、そこに書き込む場合は --force を付けてください',
    'evidence.unreadable': 'この証拠ファイルを読めません (ハッシュ計算・読み込みとも行いません): {reason}',
    'case.verify.log_emptied':
      '証拠保全ログが空か存在しませんが、末尾記録には {seq} 件とあります (ログが空にされたか削除されています)',
    'case.verify.log_truncated':
      '証拠保全ログは {found} 件目で終わっていますが、末尾記録では {seq} 件目が最後です (末尾の記録が削除されています)',
    'case.verify.no_head': 'custody-head.json がありません (証拠保全ログの末尾を記録するファイルです)',
    'case.verify.no_log': 'ケースに出力ファイルがあるのに証拠保全ログがありません',
    'case.verify.no_triage': '完了したトリアージ (または case manifest) が証拠保全ログに記録されていません',
    'case.verify.unrecorded':
      'このファイルを記録した証拠保全ログの項目がありません: 完了した konseki のコマンドが書いたものではありません',
    'case.verify.output_missing': 'ありません: 証拠保全ログにはこのファイルが記録されています',
    'case.verify.output_changed':
      '証拠保全ログの記録 (SHA-256 {recorded}…) から変わっています: 手で編集されたか、完了しなかった実行が書いたものです',
    'case.verify.case_json_edited': '最後のコマンドの記録の後に編集されています (case.json は分析者が編集できます)',
    'case.verify.incomplete_run':
      '最後の実行 ({command}、開始 {started}) は完了していません ({status})。ケースにはその前の実行の出力が残っています',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CASE_MESSAGES> {}
}

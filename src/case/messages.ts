// Messages of the case: its settings (the organisation's zone and calendar), the incident record's
// phases, and the case directory (reading its files, where a run may write, and its verification).
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CASE_MESSAGES = defineMessages(
  {
    'settings.org.given': "Organisation's time zone: {zone} (given with --org-timezone)",
    'settings.org.inferred': "Organisation's time zone: {zone}, inferred from the evidence ({offsets} in {sources})",
    'settings.org.machine':
      "Organisation's time zone: {zone}, this machine's zone: no evidence says which zone the organisation uses. Logs without a zone (syslog, BIND, filterlog, Snort) are read in it and business hours are judged in it: if it is wrong, triage again with --org-timezone",
    'settings.org.conflict':
      "Organisation's time zone: {zone}, this machine's zone: the evidence disagrees ({groups}). Logs without a zone (syslog, BIND, filterlog, Snort) are read in it and business hours are judged in it: if it is wrong, triage again with --org-timezone",
    'settings.calendar': 'Business hours: {hours} on {days}; days off: Japanese national holidays{extra}',
    'settings.calendar.extra': ' and {count} company days off',
    'settings.display': 'Times are shown in {zone}',
  },
  {
    'settings.org.given': '組織のタイムゾーン: {zone} (--org-timezone で指定)',
    'settings.org.inferred': '組織のタイムゾーン: {zone} (証拠から推定: {sources} の時刻が {offsets})',
    'settings.org.machine':
      '組織のタイムゾーン: {zone} (このマシンの設定)。組織のタイムゾーンを示す証拠がありません。タイムゾーン表記のないログ (syslog・BIND・filterlog・Snort) の時刻と業務時間はこのタイムゾーンで判断しています。違う場合は --org-timezone を付けてトリアージし直してください',
    'settings.org.conflict':
      '組織のタイムゾーン: {zone} (このマシンの設定)。証拠の示すタイムゾーンが一致しません ({groups})。タイムゾーン表記のないログ (syslog・BIND・filterlog・Snort) の時刻と業務時間はこのタイムゾーンで判断しています。違う場合は --org-timezone を付けてトリアージし直してください',
    'settings.calendar': '業務時間: {days} の {hours}。休日: 国民の祝日{extra}',
    'settings.calendar.extra': 'と会社の休業日 {count} 日',
    'settings.display': '時刻は {zone} で表示しています',
  },
);

// the phases A–G of incident handling (seed 001)
const CASE_RECORD_MESSAGES = defineMessages(
  {
    'record.phase.A': 'Detection and reporting of the event',
    'record.phase.B': 'Deciding on first response and passing on information',
    'record.phase.C': 'First response to prevent or contain the spread of damage',
    'record.phase.D': 'Quick investigation to estimate the cause',
    'record.phase.E': 'Full investigation',
    'record.phase.F': 'Relating the technical and the operational findings',
    'record.phase.G': 'Planning measures against recurrence',
  },
  {
    'record.phase.A': '事象の発見・通報',
    'record.phase.B': '初動対応の可否判断と情報伝達',
    'record.phase.C': '被害拡大の防止や抑制のための初動対応',
    'record.phase.D': '原因推定のための簡易的調査',
    'record.phase.E': '本格調査',
    'record.phase.F': '技術的調査結果と運用的調査結果の関係性分析',
    'record.phase.G': '再発防止策の立案',
  },
);

// the case directory: reading its files, where a run may write, and its verification
const CASE_DIR_MESSAGES = defineMessages(
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
  interface MessageKeys
    extends KeysOf<typeof CASE_MESSAGES>,
      KeysOf<typeof CASE_RECORD_MESSAGES>,
      KeysOf<typeof CASE_DIR_MESSAGES> {}
}

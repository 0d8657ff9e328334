import { defineMessages, type KeysOf } from '../i18n/index.ts';

const TRIAGE_MESSAGES = defineMessages(
  {
    'triage.unrecognised': 'not a format konseki reads: skipped',
    'triage.read_failed': 'reading failed: {reason}',
    'triage.evidence_changed': 'evidence changed during the run: {what}',
    'triage.evidence_unchanged': 'evidence verified unchanged ({files} files)',
    'hunt.no_case': 'no case store (case.duckdb) in {dir}: run konseki triage first',
    'hunt.not_complete':
      'the triage into {dir} did not complete: run it again (it continues where it stopped), then hunt',
  },
  {
    'triage.unrecognised': 'konseki が読める形式ではありません。読み飛ばします',
    'triage.read_failed': '読み込みに失敗しました: {reason}',
    'triage.evidence_changed': '実行中に証拠ファイルが変化しました: {what}',
    'triage.evidence_unchanged': '証拠ファイルが変化していないことを確認しました ({files} ファイル)',
    'hunt.no_case': '{dir} にケースストア (case.duckdb) がありません。先に konseki triage を実行してください',
    'hunt.not_complete':
      '{dir} へのトリアージは完了していません。もう一度実行して (中断した所から続きます) から hunt してください',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof TRIAGE_MESSAGES> {}
}

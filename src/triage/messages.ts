import { defineMessages, type KeysOf } from '../i18n/index.ts';

const TRIAGE_MESSAGES = defineMessages(
  {
    'triage.unrecognised': 'not a format konseki reads: skipped',
    'triage.read_failed': 'reading failed: {reason}',
    'triage.evidence_changed': 'evidence changed during the run: {what}',
    'triage.evidence_unchanged': 'evidence verified unchanged ({files} files)',
  },
  {
    'triage.unrecognised': 'konseki が読める形式ではありません。読み飛ばします',
    'triage.read_failed': '読み込みに失敗しました: {reason}',
    'triage.evidence_changed': '実行中に証拠ファイルが変化しました: {what}',
    'triage.evidence_unchanged': '証拠ファイルが変化していないことを確認しました ({files} ファイル)',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof TRIAGE_MESSAGES> {}
}

import { defineMessages } from '../i18n/index.ts';

defineMessages(
  {
    'triage.archive_bad': 'cannot read the archive: {reason}',
    'triage.archive_limit': 'archive extraction stopped: {reason}',
    'triage.archive_unsafe_name': 'archive member with an unsafe path skipped: {name}',
    'triage.archive_link_skipped': 'link in the archive not followed: {name}',
    'triage.unrecognised': 'not a format konseki reads: skipped',
    'triage.read_failed': 'reading failed: {reason}',
    'triage.evidence_changed': 'evidence changed during the run: {what}',
    'triage.evidence_unchanged': 'evidence verified unchanged ({files} files)',
  },
  {
    'triage.archive_bad': 'アーカイブを読めません: {reason}',
    'triage.archive_limit': 'アーカイブの展開を中止しました: {reason}',
    'triage.archive_unsafe_name': '危険なパスを持つアーカイブ内ファイルを読み飛ばしました: {name}',
    'triage.archive_link_skipped': 'アーカイブ内のリンクはたどりません: {name}',
    'triage.unrecognised': 'konseki が読める形式ではありません。読み飛ばします',
    'triage.read_failed': '読み込みに失敗しました: {reason}',
    'triage.evidence_changed': '実行中に証拠ファイルが変化しました: {what}',
    'triage.evidence_unchanged': '証拠ファイルが変化していないことを確認しました ({files} ファイル)',
  },
);

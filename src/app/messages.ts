// Messages of the inputs shared by every pipeline: archives and their members.
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const APP_MESSAGES = defineMessages(
  {
    'triage.archive_bad': 'cannot read the archive: {reason}',
    'triage.archive_limit': 'archive extraction stopped: {reason}',
    'triage.archive_unsafe_name': 'archive member with an unsafe path skipped: {name}',
    'triage.archive_link_skipped': 'link in the archive not followed: {name}',
  },
  {
    'triage.archive_bad': 'アーカイブを読めません: {reason}',
    'triage.archive_limit': 'アーカイブの展開を中止しました: {reason}',
    'triage.archive_unsafe_name': '危険なパスを持つアーカイブ内ファイルを読み飛ばしました: {name}',
    'triage.archive_link_skipped': 'アーカイブ内のリンクはたどりません: {name}',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof APP_MESSAGES> {}
}

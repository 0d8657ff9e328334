// Messages of the inputs shared by every pipeline: archives and their members.
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const APP_MESSAGES = defineMessages(
  {
    'triage.archive_bad': 'cannot read the archive: {reason}',
    'triage.archive_limit': 'archive extraction stopped: {reason}',
    'triage.archive_unsafe_name': 'archive member with an unsafe path skipped: {name}',
    'archive.limit_total':
      'extraction stopped: the archives of this run would unpack to more than {limit} (the rest of this archive is not read)',
    'archive.limit_ratio':
      'extraction stopped: this archive and the archives inside it would unpack to more than {limit}, 1000 times its size (a compression bomb?); the rest is not read',
    'archive.limit_entries': 'extraction stopped: the archives of this run hold more than {limit} members',
    'archive.member_failed': 'cannot unpack this archive member: {reason}',
    'archive.member_partial':
      'this archive member is damaged: what could be unpacked before the damage is read ({reason})',
    'archive.duplicate_name': 'a member of the same name came before in this archive: this one is read as copy {n}',
    'archive.too_deep': 'an archive inside archives {depth} levels deep: not unpacked',
    'triage.archive_link_skipped': 'link in the archive not followed: {name}',
  },
  {
    'triage.archive_bad': 'アーカイブを読めません: {reason}',
    'triage.archive_limit': 'アーカイブの展開を中止しました: {reason}',
    'triage.archive_unsafe_name': '危険なパスを持つアーカイブ内ファイルを読み飛ばしました: {name}',
    'archive.limit_total':
      '展開を中止しました: この実行でのアーカイブの展開量が {limit} を超えます (このアーカイブの残りは読みません)',
    'archive.limit_ratio':
      '展開を中止しました: このアーカイブと中のアーカイブの展開量が {limit} (サイズの 1000 倍) を超えます (圧縮爆弾の可能性)。残りは読みません',
    'archive.limit_entries': '展開を中止しました: この実行のアーカイブ内ファイルが {limit} 件を超えます',
    'archive.member_failed': 'このアーカイブ内ファイルを展開できません: {reason}',
    'archive.member_partial':
      'このアーカイブ内ファイルは破損しています: 破損箇所までに展開できた部分を読みます ({reason})',
    'archive.duplicate_name': 'このアーカイブには同じ名前のファイルが先にあります: これは {n} 番目として読みます',
    'archive.too_deep': 'アーカイブの中の {depth} 階層目のアーカイブです: 展開しません',
    'triage.archive_link_skipped': 'アーカイブ内のリンクはたどりません: {name}',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof APP_MESSAGES> {}
}

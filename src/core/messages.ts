import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CORE_MESSAGES = defineMessages(
  {
    'walk.unreadable': 'cannot read: {reason}',
    'event.bad_time_unreadable':
      'time not readable ({raw}): the record is kept with this text and no time, and left out of the analyses',
    'event.bad_time_before_1970':
      'time before 1970 ({raw}): the record is kept with this text and no time, and left out of the analyses',
    'event.bad_time_after_2199':
      'time after 2199 ({raw}): the record is kept with this text and no time, and left out of the analyses',
    'event.bad_times': '{count} records with an unreadable or impossible time (kept without time, not analysed)',
    'walk.duplicate': 'the same file as one already read (hard link or bind mount): read once',
    'walk.link_duplicate': 'link to a file or directory already read: not read again',
    'walk.too_deep': 'more than {depth} directory levels: not descended further',
    'walk.not_regular': 'not a regular file ({kind}): not read',
    'walk.link_dangling': 'link to nothing ({target}): not followed',
    'walk.link_outside':
      'link leaving the evidence to {target}: not followed (give the target as evidence if it belongs to the case)',
    'walk.link_not_followed': 'link to {target}: not followed (--follow-links follows links inside the evidence)',
  },
  {
    'walk.unreadable': '読み取れません: {reason}',
    'event.bad_time_unreadable':
      '時刻を解釈できません ({raw}): レコードはこの文字列を付けて時刻なしで保存し、分析には使いません',
    'event.bad_time_before_1970':
      '1970 年より前の時刻です ({raw}): レコードはこの文字列を付けて時刻なしで保存し、分析には使いません',
    'event.bad_time_after_2199':
      '2199 年より後の時刻です ({raw}): レコードはこの文字列を付けて時刻なしで保存し、分析には使いません',
    'event.bad_times': '時刻が読めないか不正なレコード {count} 件 (時刻なしで保存し、分析には使いません)',
    'walk.duplicate': '既に読んだファイルと同一です (ハードリンクまたはバインドマウント): 1 回だけ読みます',
    'walk.link_duplicate': '既に読んだファイルまたはディレクトリへのリンクです: 重ねては読みません',
    'walk.too_deep': 'ディレクトリの階層が {depth} を超えています: これより下は探索しません',
    'walk.not_regular': '通常のファイルではありません ({kind}): 読みません',
    'walk.link_dangling': 'リンク先がありません ({target}): たどりません',
    'walk.link_outside':
      '証拠の外 ({target}) を指すリンクです: たどりません (ケースに含める場合はリンク先を証拠として指定してください)',
    'walk.link_not_followed': '{target} へのリンクです: たどりません (--follow-links で証拠内のリンクをたどります)',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CORE_MESSAGES> {}
}

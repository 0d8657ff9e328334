import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_LINUX_MESSAGES = defineMessages(
  {
    'linux.read_error': 'read error: {reason}',
    'linux.utmp_layout': 'utmp records in the {layout} layout ({size} bytes per record)',
    'linux.utmp_trailing':
      'the file ends inside a record: {bytes} bytes left over (records are {size} bytes); the partial record is skipped',
    'linux.utmp_suspect':
      '{count} records do not look like login records (bad type, pid, time or strings): read as they are, check them',
    'linux.uiddb_too_small': 'the file is too small to hold one {kind} record',
    'linux.uiddb_suspect':
      'the {kind} records do not look right for {size}-byte records: the file may be damaged or of another kind',
    'linux.headerless_lines': '{lines} lines have no syslog time stamp',
    'linux.audit_bad_lines': '{lines} lines are not audit records (no type= and msg=audit(...)): skipped',
    'linux.crontab_bad_lines': '{lines} lines are not crontab entries: skipped',
    'journal.bad_header': 'not a usable journal file: {reason}',
    'journal.bad_object': 'damaged journal object ({reason}): the objects after it cannot be found',
    'journal.bad_data': 'damaged journal field ({reason}): skipped',
    'journal.xz':
      'field compressed with XZ: konseki cannot decode XZ (no decoder in Node.js); read the file with journalctl --file to see it',
    'journal.truncated': 'the journal file ends inside an object',
    'journal.online': 'the journal was open for writing when copied (state online): its last entries may be incomplete',
    'journal.skipped': '{fields} fields and {entries} entries could not be read',
    'journal.more': '{count} more problems of the kind {code}',
  },
  {
    'linux.read_error': '読み込みエラー: {reason}',
    'linux.utmp_layout': 'utmp レコードは {layout} 形式です (1 レコード {size} バイト)',
    'linux.utmp_trailing':
      'レコードの途中でファイルが終わっています。{bytes} バイトが余っています (レコード長 {size} バイト)。不完全なレコードは読み飛ばします',
    'linux.utmp_suspect':
      'ログイン記録らしくないレコードが {count} 件あります (種別・PID・時刻・文字列が不正)。そのまま読みましたので確認してください',
    'linux.uiddb_too_small': 'ファイルが小さすぎて {kind} のレコードが 1 件も入りません',
    'linux.uiddb_suspect':
      '{kind} のレコードとして {size} バイト単位で読むと不自然です。ファイルが壊れているか、別の種類のファイルの可能性があります',
    'linux.headerless_lines': 'syslog のタイムスタンプがない行が {lines} 行あります',
    'linux.audit_bad_lines':
      '監査レコードではない行 (type= と msg=audit(...) がない) が {lines} 行あり、読み飛ばしました',
    'journal.bad_header': 'ジャーナルファイルとして読めません: {reason}',
    'journal.bad_object':
      'ジャーナルのオブジェクトが壊れています ({reason})。これより後のオブジェクトは見つけられません',
    'journal.bad_data': 'ジャーナルのフィールドが壊れています ({reason})。読み飛ばします',
    'journal.xz':
      'XZ で圧縮されたフィールドです。konseki は XZ を展開できません (Node.js に展開機能がありません)。journalctl --file で確認してください',
    'journal.truncated': 'ジャーナルファイルがオブジェクトの途中で終わっています',
    'journal.online': '書き込み中 (online) のジャーナルがコピーされています。末尾のエントリは不完全な場合があります',
    'journal.skipped': '{fields} 個のフィールドと {entries} 個のエントリを読めませんでした',
    'journal.more': '{code} の問題がほかに {count} 件あります',
    'linux.crontab_bad_lines': 'crontab のエントリではない行が {lines} 行あり、読み飛ばしました',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_LINUX_MESSAGES> {}
}

import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_WINJSON_MESSAGES = defineMessages(
  {
    'winjson.bad_line': 'unreadable {format} line skipped: {reason}',
    'winjson.bad_lines_more': '{count} more unreadable {format} lines skipped (not listed one by one)',
    'winjson.overlong': 'a {format} line of {bytes} bytes is longer than the limit and was skipped',
    'winjson.skipped_lines': '{skipped} of {lines} lines could not be read as {format} and were skipped',
    'winjson.read_error': 'read error (the lines after this point are lost): {reason}',
    'winjson.classic_text':
      "{count} events are Splunk's classic WinEventLog text, which has no EventData field names: only their System fields and message were read, so rules on event data do not match them (export with renderXml=true for full events)",
  },
  {
    'winjson.bad_line': '{format} として読めない行を読み飛ばしました: {reason}',
    'winjson.bad_lines_more':
      'ほかにも {format} として読めない行が {count} 行あり、読み飛ばしました (個別の表示は省略)',
    'winjson.overlong': '{format} の行 ({bytes} バイト) が上限を超えているため読み飛ばしました',
    'winjson.skipped_lines': '{lines} 行のうち {skipped} 行を {format} として読めず、読み飛ばしました',
    'winjson.read_error': '読み込みエラー (この位置以降の行は読めません): {reason}',
    'winjson.classic_text':
      '{count} 件のイベントは Splunk の従来形式 (WinEventLog のテキスト) で、EventData のフィールド名がありません。System の項目とメッセージだけを読んだため、イベントデータを条件とするルールには一致しません (完全なイベントには renderXml=true で取り込んだデータを書き出してください)',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_WINJSON_MESSAGES> {}
}

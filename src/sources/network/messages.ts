import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_NETWORK_MESSAGES = defineMessages(
  {
    'net.bad_line': 'unreadable {format} line skipped: {reason}',
    'net.bad_lines_more': '{count} more unreadable {format} lines skipped (not listed one by one)',
    'net.skipped_lines': '{skipped} of {lines} lines could not be read as {format} and were skipped',
    'net.gzip_error': 'the gzip stream is damaged or truncated ({reason}): lines after this point are lost',
    'net.read_error': 'read error: {reason}',
    'net.zeek_no_fields': 'Zeek TSV data before any #fields header: lines are skipped until one appears',
  },
  {
    'net.bad_line': '{format} として読めない行を読み飛ばしました: {reason}',
    'net.bad_lines_more': 'ほかにも {format} として読めない行が {count} 行あり、読み飛ばしました (個別の表示は省略)',
    'net.skipped_lines': '{lines} 行のうち {skipped} 行を {format} として読めず、読み飛ばしました',
    'net.gzip_error': 'gzip データが壊れているか途中で切れています ({reason})。この位置以降の行は読めません',
    'net.read_error': '読み込みエラー: {reason}',
    'net.zeek_no_fields': '#fields ヘッダより前に Zeek TSV のデータがあります。ヘッダが現れるまでの行は読み飛ばします',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_NETWORK_MESSAGES> {}
}

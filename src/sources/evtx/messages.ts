import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_EVTX_MESSAGES = defineMessages(
  {
    'evtx.open_failed': 'cannot open the file: {reason}',
    'evtx.empty_file': 'the file is empty',
    'evtx.bad_file_magic': 'no EVTX file header (magic "ElfFile"); scanning for chunks anyway',
    'evtx.file_header_crc': 'file header checksum mismatch (stored {stored}, computed {computed})',
    'evtx.dirty': 'the file is marked dirty (not closed cleanly): chunks beyond the header count are read too',
    'evtx.truncated_chunk': 'the file ends inside a chunk ({bytes} bytes left): the chunk is skipped',
    'evtx.bad_chunk_magic': 'chunk {chunk} has no chunk signature: skipped',
    'evtx.chunk_header_crc': 'chunk {chunk} header checksum mismatch: its records are read one by one and checked',
    'evtx.chunk_data_crc': 'chunk {chunk} record data checksum mismatch: its records are read one by one and checked',
    'evtx.bad_chunk_header': 'chunk {chunk} header is not usable ({reason}): skipped',
    'evtx.bad_record': 'invalid record header in chunk {chunk} ({reason}): {bytes} bytes skipped to the next record',
    'evtx.bad_record_binxml': 'record {record} cannot be decoded ({reason}): skipped',
    'evtx.chunk_too_large':
      'chunk {chunk} expands to more than {nodes} XML nodes (hostile templates?): its remaining {records} records are skipped',
    'evtx.read_error': 'read error: {reason}',
    'evtx.write_record_too_large': 'cannot write the event: {record} does not fit in one 64 KiB chunk',
    'evtx.write_bad_value': 'cannot write the event: "{value}" is not a valid {type}',
  },
  {
    'evtx.open_failed': 'ファイルを開けません: {reason}',
    'evtx.empty_file': 'ファイルが空です',
    'evtx.bad_file_magic': 'EVTX ファイルヘッダ (ElfFile) がありません。チャンクを探して読み続けます',
    'evtx.file_header_crc': 'ファイルヘッダのチェックサムが一致しません (記録値 {stored}、計算値 {computed})',
    'evtx.dirty': 'ファイルが dirty (正常に閉じられていない) です。ヘッダのチャンク数を超えるチャンクも読みます',
    'evtx.truncated_chunk':
      'チャンクの途中でファイルが終わっています (残り {bytes} バイト)。このチャンクは読み飛ばします',
    'evtx.bad_chunk_magic': 'チャンク {chunk} にシグネチャがありません。読み飛ばします',
    'evtx.chunk_header_crc': 'チャンク {chunk} のヘッダのチェックサムが一致しません。レコードを個別に検査して読みます',
    'evtx.chunk_data_crc':
      'チャンク {chunk} のレコードデータのチェックサムが一致しません。レコードを個別に検査して読みます',
    'evtx.bad_chunk_header': 'チャンク {chunk} のヘッダが使えません ({reason})。読み飛ばします',
    'evtx.bad_record':
      'チャンク {chunk} に不正なレコードヘッダ ({reason})。次のレコードまで {bytes} バイト読み飛ばします',
    'evtx.bad_record_binxml': 'レコード {record} をデコードできません ({reason})。読み飛ばします',
    'evtx.chunk_too_large':
      'チャンク {chunk} の展開結果が {nodes} 個の XML ノードを超えました (悪意あるテンプレートの可能性)。残りの {records} レコードは読み飛ばします',
    'evtx.read_error': '読み込みエラー: {reason}',
    'evtx.write_record_too_large': 'イベントを書き込めません: {record} が 64 KiB のチャンクに収まりません',
    'evtx.write_bad_value': 'イベントを書き込めません: "{value}" は {type} として正しくありません',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_EVTX_MESSAGES> {}
}

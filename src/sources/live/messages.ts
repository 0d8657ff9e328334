import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const LIVE_SOURCE_MESSAGES = defineMessages(
  {
    'live.read_error': 'cannot read the collected output: {reason}',
    'live.bad_rows': '{rows} rows with too few columns skipped (first at this line)',
    'live.no_header': 'the konseki table header is missing: the host and collection time are unknown',
    'live.too_many_rows': 'only the first {max} rows were read',
    'live.csv_unclosed': 'a quoted CSV field is not closed at the end of the file',
  },
  {
    'live.read_error': '収集結果を読めません: {reason}',
    'live.bad_rows': '列が足りない {rows} 行を読み飛ばしました (最初の行の位置)',
    'live.no_header': 'konseki の表のヘッダがありません: ホスト名と収集時刻が不明です',
    'live.too_many_rows': '先頭の {max} 行だけを読みました',
    'live.csv_unclosed': 'CSV の引用符で囲まれた値がファイルの終わりで閉じていません',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof LIVE_SOURCE_MESSAGES> {}
}

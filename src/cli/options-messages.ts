// Messages of the options the commands share (options.ts).
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CLI_OPTION_MESSAGES = defineMessages(
  {
    'cli.opt.timezone': "time zone of printed times (IANA name such as Asia/Tokyo; default: this machine's)",
    'cli.opt.threads': 'worker threads (default: number of cores)',
    'cli.opt.rules': 'Sigma/Hayabusa rule directory or file (repeatable; the same directory twice is read once)',
    'cli.opt.output': 'write to FILE instead of standard output',
    'cli.opt.case': 'case directory',
    'cli.bad_threads': 'not a number of threads: {value} (a whole number from 1 to {max})',
    'cli.bad_count': 'not a whole number: {value}',
    'cli.not_a_dir': 'not a directory: {path}',
  },
  {
    'cli.opt.timezone': '表示する時刻のタイムゾーン (Asia/Tokyo などの IANA 名。既定: このマシンの設定)',
    'cli.opt.threads': 'ワーカースレッド数 (既定: コア数)',
    'cli.opt.rules':
      'Sigma/Hayabusa ルールのディレクトリまたはファイル (複数指定可。同じディレクトリは 1 回だけ読みます)',
    'cli.opt.output': '標準出力ではなく FILE に書き出す',
    'cli.opt.case': 'ケースディレクトリ',
    'cli.bad_threads': 'スレッド数として不正です: {value} (1 から {max} の整数で指定してください)',
    'cli.bad_count': '整数として不正です: {value}',
    'cli.not_a_dir': 'ディレクトリではありません: {path}',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLI_OPTION_MESSAGES> {}
}

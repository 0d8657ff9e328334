import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CLI_MESSAGES = defineMessages(
  {
    'cli.description': 'konseki (痕跡): fast forensics and network trace investigation for incident response',
    'cli.opt.lang': 'language of messages and reports: ja or en (default: from the locale)',
    'cli.opt.quiet': 'no progress bar or summary on stderr',
    'cli.opt.verbose': 'list every problem found in the evidence',
    'cli.error': 'error: {message}',
    'cli.no_inputs': 'no input files found in {paths}',
    'cli.not_found': 'not found: {path}',
    'cli.unexpected': 'unexpected error (please report it): {message}',
    'dump.description': 'read EVTX files and print their records as JSONL (Rust evtx_dump layout) or XML',
    'dump.arg.inputs': 'EVTX files or directories (searched recursively)',
    'dump.opt.format': 'output format: jsonl or xml',
    'dump.opt.output': 'write to FILE instead of standard output',
    'dump.opt.threads': 'worker threads (default: number of cores)',
    'dump.opt.recovered': 'leave out records recovered after damage in their chunk',
    'dump.summary':
      '{files} files, {records} records ({recovered} recovered after damage), {skipped} records and {chunks} chunks skipped, {issues} problems, {seconds} s',
    'issues.header': 'problems found ({count}):',
    'issues.more': '... and {count} more (use --verbose to list all)',
  },
  {
    'cli.description': 'konseki (痕跡): インシデント対応のためのファストフォレンジックとネットワーク痕跡調査',
    'cli.opt.lang': 'メッセージとレポートの言語: ja または en (既定: ロケールから)',
    'cli.opt.quiet': '標準エラーに進捗バーや集計を出さない',
    'cli.opt.verbose': '証拠ファイルで見つかった問題をすべて表示する',
    'cli.error': 'エラー: {message}',
    'cli.no_inputs': '{paths} に入力ファイルが見つかりません',
    'cli.not_found': '見つかりません: {path}',
    'cli.unexpected': '予期しないエラーです (報告してください): {message}',
    'dump.description': 'EVTX ファイルを読み、レコードを JSONL (Rust evtx_dump と同じ形式) または XML で出力する',
    'dump.arg.inputs': 'EVTX ファイルまたはディレクトリ (再帰的に探索)',
    'dump.opt.format': '出力形式: jsonl または xml',
    'dump.opt.output': '標準出力ではなく FILE に書き出す',
    'dump.opt.threads': 'ワーカースレッド数 (既定: コア数)',
    'dump.opt.recovered': 'チャンク内の破損箇所より後から回収したレコードを出力しない',
    'dump.summary':
      '{files} ファイル、{records} レコード (うち破損後の回収 {recovered})、スキップ: レコード {skipped}・チャンク {chunks}、問題 {issues} 件、{seconds} 秒',
    'issues.header': '見つかった問題 ({count} 件):',
    'issues.more': '... ほか {count} 件 (--verbose ですべて表示)',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLI_MESSAGES> {}
}

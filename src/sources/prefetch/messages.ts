import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_PREFETCH_MESSAGES = defineMessages(
  {
    'prefetch.open_failed': 'cannot read the Prefetch file: {reason}',
    'prefetch.not_prefetch': 'not a Prefetch file (neither "SCCA" nor "MAM" compressed)',
    'prefetch.unsupported_version': 'Prefetch format version {version} is not supported (17, 23, 26, 30, 31 are)',
    'prefetch.too_large': 'the compressed Prefetch file claims {size} bytes uncompressed: too large, not read',
    'prefetch.decompress_failed': 'decompression stopped early ({reason}) after {got} of {size} bytes',
    'prefetch.size_mismatch': 'the header declares {declared} bytes but the content is {actual}',
    'prefetch.truncated': 'the file ends inside the {what}',
    'prefetch.bad_section': 'the {what} lies outside the file ({count} entries): skipped',
    'prefetch.bad_entry': '{what} {index} lies outside its section: skipped',
    'prefetch.cli.description':
      'Windows Prefetch files (.pf, versions 17 to 31, MAM-compressed too): run count, last run times, volumes, referenced files',
    'prefetch.cli.arg.inputs': 'Prefetch files or directories',
    'prefetch.cli.opt.json': 'one JSON object per file (JSON Lines)',
    'prefetch.cli.opt.files': 'also list the referenced files',
    'prefetch.cli.summary': '{files} Prefetch files read, {failed} not readable; {issues} problems',
    'prefetch.cli.runs': 'run count {count}, last runs:',
    'prefetch.cli.volume': 'volume {path} (serial {serial}, created {created})',
    'prefetch.cli.files': '{count} referenced files',
  },
  {
    'prefetch.open_failed': 'Prefetch ファイルを読めません: {reason}',
    'prefetch.not_prefetch': 'Prefetch ファイルではありません ("SCCA" でも MAM 圧縮でもありません)',
    'prefetch.unsupported_version': 'Prefetch 形式バージョン {version} には対応していません (対応: 17, 23, 26, 30, 31)',
    'prefetch.too_large': '圧縮 Prefetch ファイルの展開後サイズが {size} バイトと大きすぎるため読みません',
    'prefetch.decompress_failed': '展開が途中で止まりました ({reason})。{size} バイト中 {got} バイトまで',
    'prefetch.size_mismatch': 'ヘッダ上のサイズは {declared} バイトですが、実際の内容は {actual} バイトです',
    'prefetch.truncated': '{what} の途中でファイルが終わっています',
    'prefetch.bad_section': '{what} がファイルの範囲外にあります ({count} 件)。読み飛ばします',
    'prefetch.bad_entry': '{what} {index} がセクションの範囲外にあります。読み飛ばします',
    'prefetch.cli.description':
      'Windows Prefetch ファイル (.pf、バージョン 17〜31、MAM 圧縮も可): 実行回数、最終実行日時、ボリューム、参照ファイル',
    'prefetch.cli.arg.inputs': 'Prefetch ファイルまたはディレクトリ',
    'prefetch.cli.opt.json': 'ファイルごとに 1 行の JSON (JSON Lines) で出力します',
    'prefetch.cli.opt.files': '参照ファイルの一覧も出力します',
    'prefetch.cli.summary': 'Prefetch ファイル {files} 件を読み、{failed} 件は読めませんでした。問題 {issues} 件',
    'prefetch.cli.runs': '実行回数 {count}、最終実行日時:',
    'prefetch.cli.volume': 'ボリューム {path} (シリアル {serial}、作成 {created})',
    'prefetch.cli.files': '参照ファイル {count} 件',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_PREFETCH_MESSAGES> {}
}

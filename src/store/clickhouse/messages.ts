import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const CLICKHOUSE_MESSAGES = defineMessages(
  {
    'clickhouse.bad_url': 'not a store URL: {url} (expected clickhouse://[user[:password]@]host:port/database)',
    'clickhouse.bad_case': 'not a usable case ID: {id} (letters, digits, _ and -, at most 63)',
    'clickhouse.unreachable': 'ClickHouse server {server} does not answer: {reason}',
    'clickhouse.failed': 'ClickHouse server {server} refused the request: {reason}',
    'clickhouse.needs_cluster':
      'case {case} was created on a cluster: give the same --cluster to every ingest and analyze of it',
    'clickhouse.no_cluster': 'case {case} was created on one server: give no --cluster for it',
  },
  {
    'clickhouse.bad_url':
      'ストアの URL ではありません: {url} (clickhouse://[ユーザ[:パスワード]@]ホスト:ポート/データベース の形式で指定してください)',
    'clickhouse.bad_case': 'ケース ID として使えません: {id} (英数字、_ と - で 63 文字以内)',
    'clickhouse.unreachable': 'ClickHouse サーバ {server} が応答しません: {reason}',
    'clickhouse.failed': 'ClickHouse サーバ {server} が要求を拒否しました: {reason}',
    'clickhouse.needs_cluster':
      'ケース {case} はクラスター上に作成されています。ingest と analyze には毎回同じ --cluster を指定してください',
    'clickhouse.no_cluster': 'ケース {case} は単一サーバ上に作成されています。--cluster を付けずに実行してください',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLICKHOUSE_MESSAGES> {}
}

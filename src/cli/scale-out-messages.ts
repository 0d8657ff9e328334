import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CLI_SCALE_MESSAGES = defineMessages(
  {
    'scale.opt.store':
      'the case store on ClickHouse: clickhouse://[user[:password]@]host:port/database (password also from KONSEKI_CLICKHOUSE_PASSWORD)',
    'scale.opt.case': 'case ID (letters, digits, _ and -): the case every ingest and analyze of it names',
    'scale.opt.cluster': "the ClickHouse cluster (remote_servers) to spread the case's tables over",
    'scale.ingest.description':
      'read evidence on this machine (parse, rules) and write its events and detections into a case on ClickHouse',
    'scale.analyze.description':
      'analyze a case held on ClickHouse and write the case directory (timeline, findings, report) as triage does',
    'scale.no_case': '--case is required with --store',
    'scale.skipped': '{file}: already in the case (SHA-256 {sha256}), skipped',
    'scale.ingested':
      'ingested {files} files, {events} events in {seconds} s; {skipped} files were already in the case',
    'scale.incomplete': '{file}: its ingest on {machine} did not complete; left out of this analysis',
    'scale.sum.ingested': 'Evidence: {files} files ingested completely (SHA-256 taken at ingest: ingests.json)',
  },
  {
    'scale.opt.store':
      'ClickHouse 上のケースストア: clickhouse://[ユーザ[:パスワード]@]ホスト:ポート/データベース (パスワードは KONSEKI_CLICKHOUSE_PASSWORD でも指定可)',
    'scale.opt.case': 'ケース ID (英数字、_ と -)。同じケースの ingest と analyze で同じ ID を指定します',
    'scale.opt.cluster': 'ケースのテーブルを分散させる ClickHouse クラスター (remote_servers の名前)',
    'scale.ingest.description':
      'この端末で証拠を読み (解析、ルール照合)、イベントと検知を ClickHouse 上のケースに書き込みます',
    'scale.analyze.description':
      'ClickHouse 上のケースを分析し、triage と同じケースディレクトリ (タイムライン、所見、レポート) を書き出します',
    'scale.no_case': '--store を指定するときは --case も必要です',
    'scale.skipped': '{file}: すでにケースにあります (SHA-256 {sha256})。読み飛ばしました',
    'scale.ingested':
      '{files} ファイル、{events} 件のイベントを {seconds} 秒で取り込みました。{skipped} ファイルは取り込み済みでした',
    'scale.incomplete': '{file}: {machine} での取り込みが完了していないため、今回の分析から除外しました',
    'scale.sum.ingested': '証拠: {files} ファイルの取り込みが完了しています (SHA-256 は取り込み時に記録: ingests.json)',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLI_SCALE_MESSAGES> {}
}

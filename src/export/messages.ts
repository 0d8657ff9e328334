import { defineMessages, type KeysOf } from '../i18n/index.ts';

export const EXPORT_MESSAGES = defineMessages(
  {
    'export.description':
      'Export a case for other tools: Timesketch, Elastic (ECS), OCSF, STIX 2.1, MISP, Hayabusa/Takajo',
    'export.opt.case': 'case directory written by konseki triage',
    'export.opt.format': 'output format',
    'export.opt.what': 'what to export (default: the first the format allows)',
    'export.opt.out': 'output file (default: standard output)',
    'export.opt.profile': 'Hayabusa output profile',
    'export.opt.timezone': 'time zone of Hayabusa timestamps (default: the machine’s)',
    'export.opt.minLevel': 'lowest rule level of the timeline',
    'export.opt.confirmed': 'indicators: only the confirmed ones (matched intelligence or listed by an analyst)',
    'export.bad_what': '{format} cannot carry {what}; it exports: {allowed}',
    'export.bad_profile': 'unknown Hayabusa profile {profile}; profiles: {allowed}',
    'export.no_store': 'no case store at {path}: run konseki triage first',
    'export.done': '{rows} {what} written to {out} ({format})',
    'export.empty': 'nothing to export: the case has no {what}',
  },
  {
    'export.description':
      'ケースを他のツール向けに書き出します: Timesketch、Elastic (ECS)、OCSF、STIX 2.1、MISP、Hayabusa/Takajo',
    'export.opt.case': 'konseki triage が書いたケースディレクトリ',
    'export.opt.format': '出力形式',
    'export.opt.what': '書き出す内容 (省略時はその形式で最初に書けるもの)',
    'export.opt.out': '出力ファイル (省略時は標準出力)',
    'export.opt.profile': 'Hayabusa の出力プロファイル',
    'export.opt.timezone': 'Hayabusa 形式のタイムスタンプのタイムゾーン (省略時はこのマシンの設定)',
    'export.opt.minLevel': 'タイムラインに含めるルールの最低レベル',
    'export.opt.confirmed': 'IOC: 確定したもの (脅威情報と一致、または分析者が登録したもの) だけ',
    'export.bad_what': '{format} では {what} を書き出せません。書き出せるもの: {allowed}',
    'export.bad_profile': 'Hayabusa のプロファイル {profile} はありません。使えるプロファイル: {allowed}',
    'export.no_store': '{path} にケースのデータベースがありません。先に konseki triage を実行してください',
    'export.done': '{rows} 件の {what} を {out} に書き出しました ({format})',
    'export.empty': '書き出すものがありません: このケースには {what} がありません',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof EXPORT_MESSAGES> {}
}

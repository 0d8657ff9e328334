import { defineMessages, type KeysOf } from '../i18n/index.ts';

const IOC_MESSAGES = defineMessages(
  {
    'ioc.read_failed': 'cannot read the indicator file: {reason}',
    'ioc.bad_json': 'the indicator file is not valid JSON: {reason}',
    'ioc.unknown_json': 'JSON indicator file is neither a STIX bundle/indicator nor a MISP export',
    'ioc.unrecognized': 'not an IP, CIDR, domain, URL or hash: {value}',
    'ioc.unrecognized_more': '{count} more unrecognized indicator lines (not listed one by one)',
    'ioc.stix_no_pattern': 'STIX indicator {id} has no pattern',
    'ioc.stix_pattern_type': 'STIX indicator {id} uses pattern_type "{type}", which konseki does not match',
    'ioc.stix_bad_pattern': 'STIX indicator {id}: invalid pattern ({reason}): {pattern}',
    'ioc.stix_unsupported': 'STIX indicator {id}: nothing konseki can match in {pattern} ({what})',
    'ioc.more_unsupported': '{count} more unsupported STIX indicators (not listed one by one)',
    'ioc.misp_unsupported_types': '{count} MISP attributes of types konseki does not match were skipped: {types}',
    'ioc.misp_not_ids': '{count} MISP attributes with to_ids = false (context, not detection) were skipped',
    'ioc.csv_bad_row': 'CSV row has {columns} columns where the header has {expected}: skipped',
  },
  {
    'ioc.read_failed': 'IOC ファイルを読めません: {reason}',
    'ioc.bad_json': 'IOC ファイルが正しい JSON ではありません: {reason}',
    'ioc.unknown_json':
      'JSON の IOC ファイルですが、STIX のバンドル／インジケータでも MISP のエクスポートでもありません',
    'ioc.unrecognized': 'IP アドレス、CIDR、ドメイン、URL、ハッシュのいずれでもありません: {value}',
    'ioc.unrecognized_more': 'ほかにも判別できない IOC 行が {count} 行あります (個別の表示は省略)',
    'ioc.stix_no_pattern': 'STIX インジケータ {id} に pattern がありません',
    'ioc.stix_pattern_type': 'STIX インジケータ {id} の pattern_type "{type}" は konseki では照合できません',
    'ioc.stix_bad_pattern': 'STIX インジケータ {id} のパターンが不正です ({reason}): {pattern}',
    'ioc.stix_unsupported':
      'STIX インジケータ {id} のパターン {pattern} には konseki で照合できる条件がありません ({what})',
    'ioc.more_unsupported': 'ほかにも照合できない STIX インジケータが {count} 件あります (個別の表示は省略)',
    'ioc.misp_unsupported_types': 'konseki が照合しない種類の MISP 属性 {count} 件を読み飛ばしました: {types}',
    'ioc.misp_not_ids': 'to_ids が false の MISP 属性 {count} 件 (検知用ではなく参考情報) を読み飛ばしました',
    'ioc.csv_bad_row': 'CSV の行の列数 ({columns}) がヘッダの列数 ({expected}) と合いません。読み飛ばします',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof IOC_MESSAGES> {}
}

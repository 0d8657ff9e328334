// Messages of `konseki search` input checks (they run in the CLI and again in the workers).
import { defineMessages, dynamicKey, t, type KeysOf } from '../i18n/index.ts';
import '../sigma/messages.ts';

const reason = (p: Record<string, string | number | undefined>): string =>
  p.code ? t(dynamicKey(String(p.code)), p as Record<string, string | number>) : '';

const SCAN_MESSAGES = defineMessages(
  {
    'search.bad_regex': (p) =>
      `cannot search with this regular expression (the same rules as Sigma's "re" apply: no look-around, no back-references): ${reason(p)}`,
    'search.bad_field': 'a field filter is Field=value (e.g. -F EventID=4625, -F "TargetUserName=adm*"), not: {value}',
  },
  {
    'search.bad_regex': (p) =>
      `この正規表現では検索できません (Sigma の "re" と同じ規則です。先読み・後読みと後方参照は使えません): ${reason(p)}`,
    'search.bad_field':
      'フィールド条件は Field=value の形で指定します (例: -F EventID=4625、-F "TargetUserName=adm*"): {value}',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SCAN_MESSAGES> {}
}

import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CORE_MESSAGES = defineMessages(
  {
    'walk.unreadable': 'cannot read: {reason}',
    'calendar.bad_hours': 'business hours "{value}" are not START-END within 00:00-24:00 (e.g. 08:30-18:00)',
    'calendar.bad_workdays': 'work days "{value}" are not day names or ranges (e.g. mon-fri, mon,tue,thu)',
    // the levels of rules and findings, and the verdicts of the composite analysis (docs/glossary.md)
    'level.critical': 'critical',
    'level.high': 'high',
    'level.medium': 'medium',
    'level.low': 'low',
    'level.informational': 'informational',
    'verdict.compromised': 'compromised',
    'verdict.suspicious': 'suspicious',
    'verdict.clean': 'clean',
    'verdict.unknown': 'unknown',
  },
  {
    'walk.unreadable': '読み取れません: {reason}',
    'calendar.bad_hours': '業務時間「{value}」は 00:00〜24:00 の「開始-終了」の形ではありません (例: 08:30-18:00)',
    'calendar.bad_workdays': '勤務日「{value}」は曜日名またはその範囲ではありません (例: mon-fri、mon,tue,thu、月-金)',
    'level.critical': '緊急',
    'level.high': '高',
    'level.medium': '中',
    'level.low': '低',
    'level.informational': '情報',
    'verdict.compromised': '侵害あり',
    'verdict.suspicious': '不審',
    'verdict.clean': '問題なし',
    'verdict.unknown': '不明',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CORE_MESSAGES> {}
}

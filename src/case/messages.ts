// Messages of the case: its settings (the organisation's zone and calendar) and the incident record's phases.
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CASE_MESSAGES = defineMessages(
  {
    'settings.org.given': "Organisation's time zone: {zone} (given with --org-timezone)",
    'settings.org.inferred': "Organisation's time zone: {zone}, inferred from the evidence ({offsets} in {sources})",
    'settings.org.machine':
      "Organisation's time zone: {zone}, this machine's zone: no evidence says which zone the organisation uses. Logs without a zone (syslog, BIND, filterlog, Snort) are read in it and business hours are judged in it: if it is wrong, triage again with --org-timezone",
    'settings.org.conflict':
      "Organisation's time zone: {zone}, this machine's zone: the evidence disagrees ({groups}). Logs without a zone (syslog, BIND, filterlog, Snort) are read in it and business hours are judged in it: if it is wrong, triage again with --org-timezone",
    'settings.calendar': 'Business hours: {hours} on {days}; days off: Japanese national holidays{extra}',
    'settings.calendar.extra': ' and {count} company days off',
    'settings.display': 'Times are shown in {zone}',
  },
  {
    'settings.org.given': '組織のタイムゾーン: {zone} (--org-timezone で指定)',
    'settings.org.inferred': '組織のタイムゾーン: {zone} (証拠から推定: {sources} の時刻が {offsets})',
    'settings.org.machine':
      '組織のタイムゾーン: {zone} (このマシンの設定)。組織のタイムゾーンを示す証拠がありません。タイムゾーン表記のないログ (syslog・BIND・filterlog・Snort) の時刻と業務時間はこのタイムゾーンで判断しています。違う場合は --org-timezone を付けてトリアージし直してください',
    'settings.org.conflict':
      '組織のタイムゾーン: {zone} (このマシンの設定)。証拠の示すタイムゾーンが一致しません ({groups})。タイムゾーン表記のないログ (syslog・BIND・filterlog・Snort) の時刻と業務時間はこのタイムゾーンで判断しています。違う場合は --org-timezone を付けてトリアージし直してください',
    'settings.calendar': '業務時間: {days} の {hours}。休日: 国民の祝日{extra}',
    'settings.calendar.extra': 'と会社の休業日 {count} 日',
    'settings.display': '時刻は {zone} で表示しています',
  },
);

// the phases A–G of incident handling (seed 001)
const CASE_RECORD_MESSAGES = defineMessages(
  {
    'record.phase.A': 'Detection and reporting of the event',
    'record.phase.B': 'Deciding on first response and passing on information',
    'record.phase.C': 'First response to prevent or contain the spread of damage',
    'record.phase.D': 'Quick investigation to estimate the cause',
    'record.phase.E': 'Full investigation',
    'record.phase.F': 'Relating the technical and the operational findings',
    'record.phase.G': 'Planning measures against recurrence',
  },
  {
    'record.phase.A': '事象の発見・通報',
    'record.phase.B': '初動対応の可否判断と情報伝達',
    'record.phase.C': '被害拡大の防止や抑制のための初動対応',
    'record.phase.D': '原因推定のための簡易的調査',
    'record.phase.E': '本格調査',
    'record.phase.F': '技術的調査結果と運用的調査結果の関係性分析',
    'record.phase.G': '再発防止策の立案',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CASE_MESSAGES>, KeysOf<typeof CASE_RECORD_MESSAGES> {}
}

// Messages of the case: its settings (the organisation's zone and calendar).
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

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CASE_MESSAGES> {}
}

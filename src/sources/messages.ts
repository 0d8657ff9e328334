// Messages shared by every reader (src/sources/*.ts): time stamps without a year.
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const SOURCES_MESSAGES = defineMessages(
  {
    'time.year_host':
      '{lines} time stamps have no year: each year was taken from the dated evidence of the same host ({basis}, {from} to {to}; zone {zone})',
    'time.year_case':
      '{lines} time stamps have no year and this host has no dated evidence: the years were guessed from other evidence of the case ({basis}, {from} to {to}; zone {zone}). Check them',
    'time.year_mtime':
      '{lines} time stamps have no year and no other evidence is dated: the years were guessed from the file modification time {anchor} (a copy carries the time it was made; zone {zone}). Check them',
    'time.year_clock':
      "{lines} time stamps have no year and nothing else dates them: the years were guessed from this machine's clock (zone {zone}). Check them",
  },
  {
    'time.year_host':
      '年のない時刻が {lines} 件あります。年は同じホストの年付きの証拠 ({basis}、{from}〜{to}) から補いました (タイムゾーン {zone})',
    'time.year_case':
      '年のない時刻が {lines} 件あり、このホストには年付きの証拠がありません。年はケース内の他の証拠 ({basis}、{from}〜{to}) から推定しました (タイムゾーン {zone})。確認してください',
    'time.year_mtime':
      '年のない時刻が {lines} 件あり、年付きの証拠が他にありません。年はファイルの更新日時 {anchor} から推定しました (コピーしたファイルはコピーした日時になります。タイムゾーン {zone})。確認してください',
    'time.year_clock':
      '年のない時刻が {lines} 件あり、年を決める手がかりがありません。年はこのマシンの時計から推定しました (タイムゾーン {zone})。確認してください',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_MESSAGES> {}
}

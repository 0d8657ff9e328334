// Messages shared by every reader (src/sources/*.ts): time stamps without a year, text lines (lines.ts).
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

const LINES_MESSAGES = defineMessages(
  {
    'lines.read_error': 'read error ({reason}): the lines before it were read',
    'lines.gzip_error': 'the gzip stream is damaged or truncated ({reason}): the lines before the damage were read',
    'lines.nul_bytes': '{bytes} NUL bytes removed (an unclean shutdown leaves them in syslog files)',
    'lines.not_utf8': '{lines} lines are not UTF-8 and were read as Latin-1',
    'lines.overlong': '{lines} lines longer than {max} were cut',
  },
  {
    'lines.read_error': '読み込みエラー ({reason})。それより前の行は読みました',
    'lines.gzip_error': 'gzip データが壊れているか途中で切れています ({reason})。壊れた箇所より前の行は読みました',
    'lines.nul_bytes': 'NUL バイトを {bytes} 個取り除きました (異常終了時に syslog ファイルに残るものです)',
    'lines.not_utf8': '{lines} 行が UTF-8 ではないため Latin-1 として読みました',
    'lines.overlong': '{max} を超える {lines} 行を切り詰めました',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_MESSAGES>, KeysOf<typeof LINES_MESSAGES> {}
}

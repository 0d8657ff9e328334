import { defineMessages, type KeysOf } from '../i18n/index.ts';

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
  interface MessageKeys extends KeysOf<typeof LINES_MESSAGES> {}
}

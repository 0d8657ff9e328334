import { defineMessages, type KeysOf } from '../i18n/index.ts';

const COLLECT_MESSAGES = defineMessages(
  {
    'collect.description':
      'write a standalone live-response collector for a suspect host (linux: POSIX sh, windows: PowerShell 5.1)',
    'collect.arg.os': 'linux or windows',
    'collect.opt.out': 'write the script to FILE (default: standard output)',
    'collect.bad_os': 'unknown system {os}: use linux or windows',
    'collect.written': 'collector written to {file}. Run it on the suspect host: {usage}',
    'collect.usage.linux': 'sudo sh {file} --out /mnt/usb (then konseki triage the .tar.gz)',
    'collect.usage.windows':
      'powershell -ExecutionPolicy Bypass -File {file} -Out E:\\collect (as administrator; then konseki triage the .zip)',
  },
  {
    'collect.description':
      '調査対象ホスト用の単体で動くライブレスポンス収集スクリプトを出力します (linux: POSIX sh、windows: PowerShell 5.1)',
    'collect.arg.os': 'linux または windows',
    'collect.opt.out': 'スクリプトを FILE に書き出します (既定: 標準出力)',
    'collect.bad_os': '{os} には対応していません: linux か windows を指定してください',
    'collect.written': '収集スクリプトを {file} に書き出しました。調査対象ホストで実行してください: {usage}',
    'collect.usage.linux': 'sudo sh {file} --out /mnt/usb (できた .tar.gz を konseki triage に渡します)',
    'collect.usage.windows':
      'powershell -ExecutionPolicy Bypass -File {file} -Out E:\\collect (管理者として実行し、できた .zip を konseki triage に渡します)',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof COLLECT_MESSAGES> {}
}

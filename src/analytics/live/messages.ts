import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const LIVE_ANALYSIS_MESSAGES = defineMessages(
  {
    'live.proc.deleted':
      'Process {pid} on {host} runs from a deleted file {image} (user {user}, started {start}): {cmd}',
    'live.proc.place': 'Process {pid} on {host} runs from {place} {image} (user {user}, started {start}): {cmd}',
    'live.proc.memfd': 'Process {pid} on {host} runs from anonymous memory {image} (fileless; user {user}): {cmd}',
    'live.proc.revshell':
      'Process {pid} on {host} looks like a reverse or bind shell (user {user}, parent {parent}): {cmd}',
    'live.proc.interactive': 'Interactive shell {pid} on {host} started as {cmd} (user {user}, parent {parent})',
    'live.proc.kthread': 'Process {pid} on {host} calls itself {cmd} like a kernel thread but runs {image}',
    'live.listen': 'Listener {proto} {addr}:{port} on {host} belongs to {what} {image} (pid {pid})',
    'live.conn.ioc':
      'Live connection on {host} at collection time: {image} (pid {pid}) to {peer}:{port}, an indicator ({label})',
    'live.conn': '{count} live connection(s) on {host} to {peer} at collection time: {image} (pid {pid})',
    'live.unit': 'systemd unit {unit} on {host} runs {cmd}',
    'live.unit.recent': 'systemd unit {unit} on {host} was changed {ago} before the collection: {cmd}',
    'live.startup': 'Shell start-up file {file} on {host} runs a suspicious command: {cmd}',
    'live.key.recent':
      'SSH key {fp} ({type} {comment}) for {user} on {host}: {file} changed {ago} before the collection',
    'live.key.command': 'SSH key {fp} for {user} on {host} forces a command: {options}',
    'live.preload': '{file} on {host} preloads {lib} into every program',
    'live.uid0': 'Account {user} on {host} has uid 0 (a second root; shell {shell})',
    'live.suid.writable': 'Set-uid/set-gid file {file} on {host} in a world-writable place (mode {mode}, owner {uid})',
    'live.suid.recent': 'Set-uid/set-gid file {file} on {host} changed {ago} before the collection (mode {mode})',
    'live.exec.writable':
      '{count} executable file(s) on {host} in shared memory or hidden in a temporary place: {files}',
    'live.persist.recent':
      '{count} file(s) in persistence places on {host} changed within {days} days before the collection: {files}',
    'live.more_processes': ' (and {count} more processes with the same image)',
    'live.win.service': 'Service {name} on {host} runs {cmd}',
    'live.win.task': 'Scheduled task {name} on {host} runs {cmd}',
    'live.win.task.recent': 'Scheduled task {name} on {host} was registered {ago} before the collection: {cmd}',
    'live.win.runkey': 'Autorun {key} on {host} runs {cmd}',
    'live.win.ifeo': 'Image File Execution Options debugger {key} on {host} hijacks the program: {cmd}',
    'live.win.wmi': 'WMI event subscription {cls} {name} on {host} runs {cmd}',
    'live.win.startup': 'Program file in a startup folder on {host}: {file}',
    'live.bundle.altered':
      'The collection of {host} does not match its manifest: {changed} file(s) changed, {missing} missing ({verified} verified): {files}',
    'live.place.temp': 'a world-writable place',
    'live.place.user': 'a user-writable place',
    'live.what.deleted': 'a program running from a deleted file',
    'live.what.temp': 'a program in a world-writable place',
    'live.what.user': 'a program in a user-writable place',
    'live.what.memfd': 'a program in anonymous memory',
    'live.what.netcat': 'the network relay',
    'live.what.shell': 'the shell',
    'live.what.interpreter': 'the script interpreter',
  },
  {
    'live.proc.deleted':
      '{host} のプロセス {pid} が削除済みファイル {image} から実行されています (ユーザ {user}、開始 {start}): {cmd}',
    'live.proc.place':
      '{host} のプロセス {pid} が{place} {image} から実行されています (ユーザ {user}、開始 {start}): {cmd}',
    'live.proc.memfd':
      '{host} のプロセス {pid} が無名メモリ {image} から実行されています (ファイルレス、ユーザ {user}): {cmd}',
    'live.proc.revshell':
      '{host} のプロセス {pid} はリバースシェルまたはバインドシェルの疑いがあります (ユーザ {user}、親 {parent}): {cmd}',
    'live.proc.interactive': '{host} で対話シェル {pid} が {cmd} として起動されています (ユーザ {user}、親 {parent})',
    'live.proc.kthread': '{host} のプロセス {pid} はカーネルスレッドのような名前 {cmd} ですが、実体は {image} です',
    'live.listen': '{host} の待ち受け {proto} {addr}:{port} は{what} {image} (PID {pid}) のものです',
    'live.conn.ioc': '収集時点で {host} の {image} (PID {pid}) が侵害指標 {peer}:{port} ({label}) に接続していました',
    'live.conn': '収集時点で {host} から {peer} への接続が {count} 件ありました: {image} (PID {pid})',
    'live.unit': '{host} の systemd ユニット {unit} が {cmd} を実行します',
    'live.unit.recent': '{host} の systemd ユニット {unit} は収集の {ago} 前に変更されています: {cmd}',
    'live.startup': '{host} のシェル起動ファイル {file} が不審なコマンドを実行します: {cmd}',
    'live.key.recent': '{host} の {user} の SSH 鍵 {fp} ({type} {comment}): {file} は収集の {ago} 前に変更されています',
    'live.key.command': '{host} の {user} の SSH 鍵 {fp} はコマンドを強制します: {options}',
    'live.preload': '{host} の {file} が全プログラムに {lib} を読み込ませています',
    'live.uid0': '{host} のアカウント {user} の uid が 0 です (2 つ目の root、シェル {shell})',
    'live.suid.writable':
      '{host} の誰でも書き込める場所に set-uid/set-gid ファイル {file} があります (モード {mode}、所有者 {uid})',
    'live.suid.recent': '{host} の set-uid/set-gid ファイル {file} は収集の {ago} 前に変更されています (モード {mode})',
    'live.exec.writable':
      '{host} の共有メモリ、または一時ディレクトリの隠しファイルに実行可能ファイルが {count} 個あります: {files}',
    'live.persist.recent':
      '{host} の永続化に使われる場所で、収集前 {days} 日以内に変更されたファイルが {count} 個あります: {files}',
    'live.more_processes': ' (同じ実行ファイルのプロセスがほかに {count} 個)',
    'live.win.service': '{host} のサービス {name} が {cmd} を実行します',
    'live.win.task': '{host} のタスク {name} が {cmd} を実行します',
    'live.win.task.recent': '{host} のタスク {name} は収集の {ago} 前に登録されています: {cmd}',
    'live.win.runkey': '{host} の自動実行 {key} が {cmd} を実行します',
    'live.win.ifeo': '{host} の Image File Execution Options のデバッガ {key} がプログラムを乗っ取ります: {cmd}',
    'live.win.wmi': '{host} の WMI イベント購読 {cls} {name} が {cmd} を実行します',
    'live.win.startup': '{host} のスタートアップフォルダにプログラムファイルがあります: {file}',
    'live.bundle.altered':
      '{host} の収集データがマニフェストと一致しません: 変更 {changed} 個、欠落 {missing} 個 (一致 {verified} 個): {files}',
    'live.place.temp': '誰でも書き込める場所',
    'live.place.user': '利用者が書き込める場所',
    'live.what.deleted': '削除済みファイルから実行中のプログラム',
    'live.what.temp': '誰でも書き込める場所のプログラム',
    'live.what.user': '利用者が書き込める場所のプログラム',
    'live.what.memfd': '無名メモリ上のプログラム',
    'live.what.netcat': '中継ツール',
    'live.what.shell': 'シェル',
    'live.what.interpreter': 'スクリプト言語処理系',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof LIVE_ANALYSIS_MESSAGES> {}
}

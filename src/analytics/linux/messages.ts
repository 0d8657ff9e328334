import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const ANALYTICS_LINUX_MESSAGES = defineMessages(
  {
    'linux.bf.guess':
      'SSH brute force from {peer} against {host}: {attempts} failed logins for {users} user name(s) (most tried: {top})',
    'linux.bf.spray':
      'SSH password spraying from {peer} against {host}: {attempts} failed logins across {users} user names (most tried: {top})',
    'linux.bf.success':
      'SSH brute force from {peer} against {host} succeeded: {attempts} failed logins for {users} user name(s), then a login as {user}',
    'linux.login.new_source': 'Login as {user} on {host} from a new source {peer} (earlier logins came from {known})',
    'linux.login.odd_hour':
      '{count} logins as {user} on {host} from {peer} outside business hours ({local}; zone {zone})',
    'linux.login.root_remote': '{count} direct remote logins as root on {host} from {peer}',
    'linux.login.trap': '{count} logins as the trap account {user} on {host} from {peer}',
    'linux.sudo.denied': '{user} on {host} tried to use sudo but is not allowed to ({count} times): {reason}',
    'linux.sudo.failed': '{user} on {host} failed sudo authentication {count} times',
    'linux.su.failed': '{user} on {host} failed to switch to {target} with su {count} times',
    'linux.sudo.unlisted':
      '{user} on {host} ran {count} commands as {target} but is not an expected sudo user (first: {command})',
    'linux.sudo.rare':
      '{user} on {host} ran commands as {target} only {count} times, while other users do it routinely (first: {command})',
    'linux.sudo.new_account':
      'The account {user}, created on {host} during the period, became {target} ({count} times; first: {command})',
    'linux.account.new': 'New account {user} (uid {uid}) created on {host}',
    'linux.account.uid0': 'New account {user} created on {host} with uid 0: a second root',
    'linux.account.uid_change': 'Account {user} on {host} changed to uid {uid}',
    'linux.account.priv_group': 'Account {user} added to the privileged group {group} on {host}',
    'linux.cron.change': 'Crontab of {target} changed on {host} by {user} ({count} times)',
    'linux.cron.suspicious_exec': 'cron on {host} runs a suspicious command as {user}: {command}',
    'linux.cron.suspicious_entry': 'Suspicious crontab entry on {host} for {user} in {file}: {command}',
    'linux.cron.reboot_entry': 'Crontab entry on {host} for {user} in {file} runs at every boot: {command}',
    'linux.host.unknown': 'an unknown host (no etc/hostname in the evidence)',
    'linux.faillog.counters':
      'Login failure counters on {host} ({file}): {accounts} account(s) with {total} failed logins since their last success: {list}. The counters survive log rotation, so they show guessing whose log lines may be gone',
  },
  {
    'linux.bf.guess':
      '{peer} から {host} への SSH ブルートフォース攻撃: {users} 個のユーザ名で {attempts} 回ログインに失敗 (多い順: {top})',
    'linux.bf.spray':
      '{peer} から {host} への SSH パスワードスプレー攻撃: {users} 個のユーザ名にわたり {attempts} 回ログインに失敗 (多い順: {top})',
    'linux.bf.success':
      '{peer} から {host} への SSH ブルートフォース攻撃が成功: {users} 個のユーザ名で {attempts} 回失敗した後、{user} としてログイン',
    'linux.login.new_source': '{host} に {user} として初めての接続元 {peer} からログイン (これまでの接続元: {known})',
    'linux.login.odd_hour':
      '{host} に {peer} から {user} として業務時間外に {count} 回ログイン ({local}、タイムゾーン {zone})',
    'linux.login.root_remote': '{host} に {peer} から root で直接リモートログイン ({count} 回)',
    'linux.login.trap': '{host} に {peer} からトラップアカウント {user} でログイン ({count} 回)',
    'linux.sudo.denied': '{host} で {user} が権限のない sudo を試行 ({count} 回): {reason}',
    'linux.sudo.failed': '{host} で {user} が sudo の認証に {count} 回失敗',
    'linux.su.failed': '{host} で {user} が su による {target} への切り替えに {count} 回失敗',
    'linux.sudo.unlisted':
      '{host} で想定外のユーザ {user} が {target} としてコマンドを {count} 回実行 (最初: {command})',
    'linux.sudo.rare':
      '{host} で {user} が {target} としてコマンドを実行したのは {count} 回のみで、日常的に使う他のユーザと異なる (最初: {command})',
    'linux.sudo.new_account':
      '期間中に {host} で作成されたアカウント {user} が {target} に昇格 ({count} 回、最初: {command})',
    'linux.account.new': '{host} で新しいアカウント {user} (uid {uid}) が作成された',
    'linux.account.uid0': '{host} で uid 0 のアカウント {user} が作成された (2 つ目の root)',
    'linux.account.uid_change': '{host} でアカウント {user} の uid が {uid} に変更された',
    'linux.account.priv_group': '{host} でアカウント {user} が特権グループ {group} に追加された',
    'linux.cron.change': '{host} で {user} が {target} の crontab を変更 ({count} 回)',
    'linux.cron.suspicious_exec': '{host} の cron が {user} として不審なコマンドを実行: {command}',
    'linux.cron.suspicious_entry': '{host_ja} の {file} に {user} の不審な crontab エントリ: {command}',
    'linux.cron.reboot_entry':
      '{host_ja} の {file} にある {user} の crontab エントリが起動のたびに実行される: {command}',
    'linux.host.unknown': '不明なホスト (証拠に etc/hostname がない)',
    'linux.faillog.counters':
      '{host} のログイン失敗カウンタ ({file}): {accounts} 個のアカウントで最後の成功以降に計 {total} 回のログイン失敗: {list_ja}。カウンタはログのローテートでは消えないため、ログから消えたパスワード推測の痕跡が残っている',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof ANALYTICS_LINUX_MESSAGES> {}
}

/**
 * The temporary measures (暫定対処) konseki generates, each tied to its row of the temporary-measures
 * table of the defence model (seed 001: target ユーザ(アカウント) / EP / セグメント / サービス and the
 * measure), with its effect on confidentiality, integrity and availability, what it means for evidence,
 * and how to roll it back.
 */
import { defineMessages, t, type Lang, type KeysOf, dynamicKey } from '../i18n/index.ts';

export const MEASURES = [
  'block-c2-net',
  'block-c2-dns',
  'block-c2-proxy',
  'block-external-but-mail',
  'block-external',
  'isolate-hosts',
  'account-disable',
  'account-reset',
  'watch-c2',
  'cut-sessions',
  'account-remove-privileges',
  'account-delete',
  'raise-monitoring',
  'stop-service',
  'notify-users',
] as const;
export type MeasureId = (typeof MEASURES)[number];

export interface Impact {
  id: MeasureId;
  title: string;
  seed: string;
  c: string;
  i: string;
  a: string;
  evidence: string;
  rollback: string;
}

export function impactOf(id: MeasureId, lang: Lang): Impact {
  const f = (k: string): string => t(dynamicKey(`impact.${id}.${k}`), {}, lang);
  return {
    id,
    title: f('title'),
    seed: f('seed'),
    c: f('c'),
    i: f('i'),
    a: f('a'),
    evidence: f('evidence'),
    rollback: f('rollback'),
  };
}

const RESPOND_IMPACT_MESSAGES = defineMessages(
  {
    'impact.block-c2-net.title': 'Block the C&C addresses (firewalls, hosts)',
    'impact.block-c2-net.seed':
      'EP / segment: block destination URL, port, protocol, IP address (接続先URL、ポート番号、プロトコル、IPアドレスを遮断)',
    'impact.block-c2-net.c':
      'Stops commands and exfiltration over the known C&C channel; channels not yet known stay open.',
    'impact.block-c2-net.i': 'The attacker can no longer push new tools or commands through that channel.',
    'impact.block-c2-net.a':
      'Low. Only the listed addresses; if one is a shared host (cloud, CDN, hosting), legitimate sites on it become unreachable too.',
    'impact.block-c2-net.evidence':
      'The attacker notices missing beacons and may move to new infrastructure or destroy traces: preserve evidence first where you can. Every rule logs, so hosts still trying to reach the C&C show up in the firewall log.',
    'impact.block-c2-net.rollback': 'Remove the konseki rules and sets/aliases (see the Files table).',
    'impact.block-c2-dns.title': 'DNS sinkhole for the C&C names (RPZ, Unbound, dnsmasq)',
    'impact.block-c2-dns.seed':
      'Segment: DNS answers "no such host" for black host / domain names (DNS (ブラックホスト名) 不在応答 / DNS (ブラックドメイン名))',
    'impact.block-c2-dns.c':
      'New connections by name fail. Malware with hard-coded addresses, its own resolver or DNS over HTTPS is not stopped.',
    'impact.block-c2-dns.i': 'No direct effect.',
    'impact.block-c2-dns.a':
      'Low. The whole domain and its subdomains: a shared dynamic-DNS or cloud domain would block legitimate names too.',
    'impact.block-c2-dns.evidence':
      'Keep query logging on: resolver logs then list every client that still asks for the names (infected hosts).',
    'impact.block-c2-dns.rollback': 'Remove the RPZ zone / local-zone / address lines and reload the resolver.',
    'impact.block-c2-proxy.title': 'Proxy block of the C&C domains, addresses and URLs (Squid)',
    'impact.block-c2-proxy.seed':
      'Segment: block domain, URL, port, protocol, IP address (ドメイン・URL、ポート番号、プロトコル、IPアドレスを遮断)',
    'impact.block-c2-proxy.c':
      'Stops the C&C traffic that goes through the proxy. URL rules only see plain HTTP; HTTPS is blocked by domain and address.',
    'impact.block-c2-proxy.i': 'No new downloads from the listed URLs.',
    'impact.block-c2-proxy.a': 'Low, as for the firewall block.',
    'impact.block-c2-proxy.evidence': 'Denied requests (TCP_DENIED/403) in access.log name the clients that still try.',
    'impact.block-c2-proxy.rollback': 'Remove the include line and reconfigure Squid.',
    'impact.block-external-but-mail.title': 'Block all external traffic except mail',
    'impact.block-external-but-mail.seed':
      'External firewall: block everything except some services such as mail (外部との接続を「一部のサービス（例：メール）」を除き遮断); EP: block the endpoint by IP (EPをIP遮断)',
    'impact.block-external-but-mail.c':
      'Stops exfiltration over web and every other external channel; mail remains a possible channel: watch outgoing mail volume and attachments.',
    'impact.block-external-but-mail.i': 'No new tools from outside except by mail.',
    'impact.block-external-but-mail.a':
      'High for the affected hosts (or the whole site): web, cloud services, software and antivirus updates stop.',
    'impact.block-external-but-mail.evidence':
      'Internal traffic is not blocked: lateral movement stays possible (use isolate-hosts for that). The attacker will notice.',
    'impact.block-external-but-mail.rollback': 'Remove the konseki rules (see the Files table).',
    'impact.block-external.title': 'Block all external traffic',
    'impact.block-external.seed':
      'External firewall: block all external connections (外部との接続を「すべて」遮断); EP: block the endpoint by IP (EPをIP遮断)',
    'impact.block-external.c':
      'Stops all exfiltration to the Internet from the affected hosts (or the whole site). DNS through the internal resolver still reaches the Internet: sinkhole or block it too if DNS tunnelling is suspected.',
    'impact.block-external.i': 'No new tools or commands from outside.',
    'impact.block-external.a':
      'Very high: mail, web, cloud, remote access and updates stop; for the whole site this is the organisation going offline.',
    'impact.block-external.evidence':
      'Internal traffic is not blocked. Agree on it with management first: it is visible to everyone, the attacker included.',
    'impact.block-external.rollback': 'Remove the konseki rules (see the Files table).',
    'impact.isolate-hosts.title': 'Isolate the compromised hosts (internal traffic too)',
    'impact.isolate-hosts.seed':
      'EP: block the endpoint by IP, change its network, or unplug (EPをIP遮断 / 所属NWの変更 / 抜線)',
    'impact.isolate-hosts.c': 'Stops exfiltration from these hosts entirely.',
    'impact.isolate-hosts.i': 'Stops spread from these hosts to others (lateral movement).',
    'impact.isolate-hosts.a':
      'The hosts are unusable for their users; services on them stop; domain logons on them fail (no domain controller).',
    'impact.isolate-hosts.evidence':
      'Better than powering off (電源断): memory and running processes stay for acquisition. Only the management hosts keep access; collect memory and disk from there.',
    'impact.isolate-hosts.rollback': 'Remove the konseki rules on the firewall and on each host (see the Files table).',
    'impact.account-disable.title': 'Disable the accounts',
    'impact.account-disable.seed': 'User (account): disable (ユーザ(アカウント): 無効化)',
    'impact.account-disable.c':
      'Stolen credentials of these accounts stop working for new logons. Kerberos tickets already issued stay valid until they expire (10 hours by default) and open sessions stay.',
    'impact.account-disable.i': 'The attacker cannot use these accounts to change systems.',
    'impact.account-disable.a': 'The users cannot work; a disabled service account stops its services.',
    'impact.account-disable.evidence':
      'Disabling is visible to an attacker who watches the account: decide the order with the other measures.',
    'impact.account-disable.rollback': 'Enable the accounts again (the scripts have a rollback mode).',
    'impact.account-reset.title': 'Reset the passwords',
    'impact.account-reset.seed': 'User (account): change password or privileges (ユーザ(アカウント): PWや権限の変更)',
    'impact.account-reset.c':
      'The stolen password and its NTLM hash become useless. If the domain itself is compromised (golden ticket), the krbtgt password must be reset twice as well.',
    'impact.account-reset.i': 'The attacker loses these accounts.',
    'impact.account-reset.a':
      'Users need the new password; a service account must be updated everywhere it is used, or its services fail.',
    'impact.account-reset.evidence': 'Cannot be rolled back: note the time of the reset in the incident record.',
    'impact.account-reset.rollback': 'Not possible; only the change-at-logon flag can be cleared.',
    'impact.watch-c2.title': 'Watch the C&C traffic (pass and log)',
    'impact.watch-c2.seed':
      'Segment / EP: raise detection (検知感度向上); seed 000: log the passes to the C&C (通信を許可(Pass)、ログに残す)',
    'impact.watch-c2.c':
      'None: the traffic still flows. It shows which terminals talk to the C&C, so that none is missed when cutting.',
    'impact.watch-c2.i': 'None.',
    'impact.watch-c2.a': 'None for users; more firewall and resolver log lines (one per new connection).',
    'impact.watch-c2.evidence': 'Invisible to the attacker. Decide how long to watch: exfiltration goes on meanwhile.',
    'impact.watch-c2.rollback': 'Remove the konseki watch rules and the resolver lines (see the Files table).',
    'impact.cut-sessions.title': 'Cut the sessions already open',
    'impact.cut-sessions.seed':
      'EP / segment: block the destination (接続先…IPアドレスを遮断), applied to established connections too',
    'impact.cut-sessions.c':
      'Ends C&C sessions and tunnels that were open before the block rules: without it they go on.',
    'impact.cut-sessions.i': 'A command in progress over the channel is interrupted.',
    'impact.cut-sessions.a': 'Only the connections of the listed addresses; allowed connections reopen by themselves.',
    'impact.cut-sessions.evidence':
      'The attacker sees the session drop. Take a list of the states first (pfctl -s state, conntrack -L) for the record.',
    'impact.cut-sessions.rollback': 'Nothing to roll back.',
    'impact.account-remove-privileges.title': 'Remove the accounts from privileged groups',
    'impact.account-remove-privileges.seed': 'User (account): change privileges (ユーザ(アカウント): PWや権限の変更)',
    'impact.account-remove-privileges.c': 'The account can no longer read what only administrators can.',
    'impact.account-remove-privileges.i': 'The attacker loses the administrator rights given to this account.',
    'impact.account-remove-privileges.a': 'If the account is a real administrator, its administration work stops.',
    'impact.account-remove-privileges.evidence':
      'Record the group membership before (the script leaves the rest of the account as it is).',
    'impact.account-remove-privileges.rollback':
      'Add the account back to the group (the scripts have a rollback mode).',
    'impact.account-delete.title': 'Delete the accounts the attacker created (after the evidence is kept)',
    'impact.account-delete.seed': 'User (account): delete (ユーザ(アカウント): 削除)',
    'impact.account-delete.c': "The attacker's own account is gone for good.",
    'impact.account-delete.i': 'The attacker loses a way back in.',
    'impact.account-delete.a': "None for users, if the account is really the attacker's.",
    'impact.account-delete.evidence':
      'Deleting destroys evidence (SID, profile, group memberships): the scripts refuse unless told the evidence is kept, save the account record first, and only disable it otherwise.',
    'impact.account-delete.rollback':
      'AD: Restore-ADObject if the AD Recycle Bin is enabled; local and Linux accounts cannot be restored (recreate them from the saved record).',
    'impact.raise-monitoring.title': 'Raise monitoring on the hosts (audit policy, auditd)',
    'impact.raise-monitoring.seed': 'EP / segment: raise detection sensitivity (検知感度向上)',
    'impact.raise-monitoring.c': 'No direct effect; the next steps of the attacker leave more traces.',
    'impact.raise-monitoring.i': 'No direct effect.',
    'impact.raise-monitoring.a': 'More log volume and a little CPU; the Security log grows to 1 GB.',
    'impact.raise-monitoring.evidence': 'Adds evidence from now on; the earlier logs are not touched.',
    'impact.raise-monitoring.rollback': 'The scripts save the previous settings and restore them in rollback mode.',
    'impact.stop-service.title': 'Stop the public services the attacker reached',
    'impact.stop-service.seed': 'Service: stop part or all of the service (サービス一部停止 / サービス全停止)',
    'impact.stop-service.c': 'Closes the way in the attacker used from outside.',
    'impact.stop-service.i': 'The attacker cannot use the service to change the host.',
    'impact.stop-service.a':
      'The service is down for its legitimate users too (remote administration over SSH as well).',
    'impact.stop-service.evidence':
      'The host keeps running: memory and disk stay for acquisition (better than powering off). Keep another way in for the investigators (console).',
    'impact.stop-service.rollback': 'Start the services again (the scripts have a rollback mode).',
    'impact.notify-users.title': 'Notice to users',
    'impact.notify-users.seed': 'User / EP / segment: notice (注意喚起)',
    'impact.notify-users.c': 'Users stop opening the lure and report what they saw; fewer new infections.',
    'impact.notify-users.i': 'No direct effect.',
    'impact.notify-users.a': 'None.',
    'impact.notify-users.evidence':
      'The attacker may read it (a compromised mailbox): send it when the measures are in place. Users must not power off or unplug affected computers.',
    'impact.notify-users.rollback': 'Send the all-clear when the measures are lifted.',
  },
  {
    'impact.block-c2-net.title': 'C&C アドレスの遮断 (ファイアウォール・端末)',
    'impact.block-c2-net.seed': 'EP / セグメント: 接続先URL、ポート番号、プロトコル、IPアドレスを遮断',
    'impact.block-c2-net.c': '既知の C&C 経路による指令と情報流出を止めます。まだ見つかっていない経路は残ります。',
    'impact.block-c2-net.i': 'その経路から新たなツールや指令を送り込まれなくなります。',
    'impact.block-c2-net.a':
      '小。対象は列挙したアドレスのみです。ただし共用ホスト (クラウド・CDN・レンタルサーバ) の場合は同居する正規サイトにも届かなくなります。',
    'impact.block-c2-net.evidence':
      '攻撃者はビーコンの途絶に気付き、別の基盤へ移ったり痕跡を消したりすることがあります。可能な限り先に証拠を保全してください。すべてのルールがログを残すので、なお C&C に接続しようとする端末がファイアウォールのログで分かります。',
    'impact.block-c2-net.rollback': 'konseki のルールとセット/エイリアスを削除します (ファイル表を参照)。',
    'impact.block-c2-dns.title': 'C&C ドメインの DNS シンクホール (RPZ・Unbound・dnsmasq)',
    'impact.block-c2-dns.seed': 'セグメント: DNS (ブラックホスト名) 不在応答 / DNS (ブラックドメイン名)',
    'impact.block-c2-dns.c':
      '名前による新たな接続が失敗します。アドレスを直接埋め込んだマルウェアや独自のリゾルバ・DNS over HTTPS を使うものは止まりません。',
    'impact.block-c2-dns.i': '直接の効果はありません。',
    'impact.block-c2-dns.a':
      '小。ドメインとそのサブドメイン全体が対象です。共用のダイナミック DNS やクラウドのドメインだと正規の名前も引けなくなります。',
    'impact.block-c2-dns.evidence':
      'クエリログを有効にしておくと、なおその名前を問い合わせる端末 (感染端末) がリゾルバのログで分かります。',
    'impact.block-c2-dns.rollback': 'RPZ ゾーン / local-zone / address 行を削除し、リゾルバを再読み込みします。',
    'impact.block-c2-proxy.title': 'プロキシでの C&C ドメイン・アドレス・URL の遮断 (Squid)',
    'impact.block-c2-proxy.seed': 'セグメント: ドメイン・URL、ポート番号、プロトコル、IPアドレスを遮断',
    'impact.block-c2-proxy.c':
      'プロキシを通る C&C 通信を止めます。URL ルールが見えるのは平文の HTTP だけで、HTTPS はドメインとアドレスで遮断します。',
    'impact.block-c2-proxy.i': '列挙した URL からの新たなダウンロードを止めます。',
    'impact.block-c2-proxy.a': '小 (ファイアウォールでの遮断と同様)。',
    'impact.block-c2-proxy.evidence':
      'access.log の拒否 (TCP_DENIED/403) から、なお接続を試みるクライアントが分かります。',
    'impact.block-c2-proxy.rollback': 'include 行を削除して Squid を再設定します。',
    'impact.block-external-but-mail.title': 'メール以外の外部通信をすべて遮断',
    'impact.block-external-but-mail.seed':
      '外部向けファイアウォール: 外部との接続を「一部のサービス（例：メール）」を除き遮断 / EP: EPをIP遮断',
    'impact.block-external-but-mail.c':
      'Web などメール以外の外部経路による流出を止めます。メールは経路として残るため、送信メールの量と添付ファイルを監視してください。',
    'impact.block-external-but-mail.i': 'メール以外で外部からツールを持ち込めなくなります。',
    'impact.block-external-but-mail.a':
      '対象ホスト (またはサイト全体) にとって大。Web・クラウドサービス・ソフトウェアとウイルス対策の更新が止まります。',
    'impact.block-external-but-mail.evidence':
      '内部の通信は遮断しないので、横展開は引き続き可能です (止めるには isolate-hosts)。攻撃者にも気付かれます。',
    'impact.block-external-but-mail.rollback': 'konseki のルールを削除します (ファイル表を参照)。',
    'impact.block-external.title': '外部との通信をすべて遮断',
    'impact.block-external.seed': '外部向けファイアウォール: 外部との接続を「すべて」遮断 / EP: EPをIP遮断',
    'impact.block-external.c':
      '対象ホスト (またはサイト全体) からインターネットへの流出をすべて止めます。ただし内部リゾルバ経由の DNS は外部に届くため、DNS トンネリングが疑われる場合はそれも遮断してください。',
    'impact.block-external.i': '外部からの新たなツールや指令を止めます。',
    'impact.block-external.a':
      '非常に大。メール・Web・クラウド・リモートアクセス・更新が止まります。サイト全体の場合は組織がオフラインになります。',
    'impact.block-external.evidence':
      '内部の通信は遮断しません。誰の目にも (攻撃者にも) 明らかな措置なので、事前に経営層と合意してください。',
    'impact.block-external.rollback': 'konseki のルールを削除します (ファイル表を参照)。',
    'impact.isolate-hosts.title': '侵害ホストの隔離 (内部通信も遮断)',
    'impact.isolate-hosts.seed': 'EP: EPをIP遮断 / 所属NWの変更 / 抜線',
    'impact.isolate-hosts.c': 'これらのホストからの流出を完全に止めます。',
    'impact.isolate-hosts.i': 'これらのホストから他への拡散 (横展開) を止めます。',
    'impact.isolate-hosts.a':
      '利用者はホストを使えなくなり、そこで動くサービスも止まります。ドメインコントローラに届かないためドメインログオンもできません。',
    'impact.isolate-hosts.evidence':
      '電源断よりも望ましい措置です。メモリと実行中のプロセスが保全の対象として残ります。接続できるのは管理端末だけなので、メモリとディスクはそこから取得します。',
    'impact.isolate-hosts.rollback': 'ファイアウォールと各ホストの konseki ルールを削除します (ファイル表を参照)。',
    'impact.account-disable.title': 'アカウントの無効化',
    'impact.account-disable.seed': 'ユーザ(アカウント): 無効化',
    'impact.account-disable.c':
      '窃取された認証情報で新たにログオンできなくなります。発行済みの Kerberos チケットは期限 (既定 10 時間) まで有効で、開いているセッションも残ります。',
    'impact.account-disable.i': '攻撃者はこれらのアカウントでシステムを変更できなくなります。',
    'impact.account-disable.a':
      '利用者は業務ができなくなります。サービスアカウントを無効にするとそのサービスが止まります。',
    'impact.account-disable.evidence':
      'アカウントを監視している攻撃者には無効化が分かります。他の措置との順序を決めてから実施してください。',
    'impact.account-disable.rollback': 'アカウントを再び有効にします (スクリプトにロールバックモードがあります)。',
    'impact.account-reset.title': 'パスワードのリセット',
    'impact.account-reset.seed': 'ユーザ(アカウント): PWや権限の変更',
    'impact.account-reset.c':
      '窃取されたパスワードとその NTLM ハッシュが使えなくなります。ドメイン自体が侵害されている (ゴールデンチケット) 場合は krbtgt のパスワードも 2 回リセットが必要です。',
    'impact.account-reset.i': '攻撃者はこれらのアカウントを失います。',
    'impact.account-reset.a':
      '利用者には新しいパスワードが必要です。サービスアカウントは使われているすべての場所で更新しないとサービスが失敗します。',
    'impact.account-reset.evidence': '元に戻せません。リセットの時刻をインシデント記録に残してください。',
    'impact.account-reset.rollback': '元に戻せません (次回ログオン時の変更要求を外すことだけができます)。',
    'impact.watch-c2.title': 'C&C 通信の監視 (許可してログに残す)',
    'impact.watch-c2.seed': 'セグメント / EP: 検知感度向上。seed 000: C&C サーバ宛ての通信を許可(Pass)しログに残す',
    'impact.watch-c2.c': '通信は止まりません。C&C と通信している端末が分かるので、遮断の際に漏れがなくなります。',
    'impact.watch-c2.i': 'ありません。',
    'impact.watch-c2.a':
      '利用者への影響はありません。ファイアウォールとリゾルバのログが増えます (新しい接続ごとに 1 行)。',
    'impact.watch-c2.evidence': '攻撃者には分かりません。監視する期間を決めてください。その間も情報流出は続きます。',
    'impact.watch-c2.rollback': 'konseki の監視ルールとリゾルバの設定行を削除します (ファイル表を参照)。',
    'impact.cut-sessions.title': '確立済みセッションの切断',
    'impact.cut-sessions.seed': 'EP / セグメント: 接続先…IPアドレスを遮断 (確立済みの接続にも適用)',
    'impact.cut-sessions.c':
      '遮断ルールより前に確立した C&C セッションやトンネルを終わらせます。行わないとそれらは続きます。',
    'impact.cut-sessions.i': 'その経路で実行中の指令は中断されます。',
    'impact.cut-sessions.a': '列挙したアドレスの接続だけです。許可された接続は自動的に再接続します。',
    'impact.cut-sessions.evidence':
      '攻撃者にはセッションの切断が分かります。記録のため先にステート一覧 (pfctl -s state, conntrack -L) を取得してください。',
    'impact.cut-sessions.rollback': '戻す必要はありません。',
    'impact.account-remove-privileges.title': '特権グループからの削除',
    'impact.account-remove-privileges.seed': 'ユーザ(アカウント): PWや権限の変更',
    'impact.account-remove-privileges.c': '管理者だけが読めるものを読めなくなります。',
    'impact.account-remove-privileges.i': '攻撃者はこのアカウントに与えた管理者権限を失います。',
    'impact.account-remove-privileges.a': '本当の管理者のアカウントであれば、その管理作業が止まります。',
    'impact.account-remove-privileges.evidence':
      '変更前のグループ所属を記録してください (アカウントの他の部分はそのままです)。',
    'impact.account-remove-privileges.rollback': 'グループに戻します (スクリプトにロールバックモードがあります)。',
    'impact.account-delete.title': '攻撃者が作成したアカウントの削除 (証拠保全の後)',
    'impact.account-delete.seed': 'ユーザ(アカウント): 削除',
    'impact.account-delete.c': '攻撃者のアカウントが完全になくなります。',
    'impact.account-delete.i': '攻撃者は再侵入の手段を一つ失います。',
    'impact.account-delete.a': '本当に攻撃者のアカウントであれば利用者への影響はありません。',
    'impact.account-delete.evidence':
      '削除は証拠 (SID・プロファイル・グループ所属) を失わせます。スクリプトは証拠保全済みの指定がなければ削除せず無効化だけを行い、削除前にアカウント情報を保存します。',
    'impact.account-delete.rollback':
      'AD: AD のごみ箱が有効なら Restore-ADObject で戻せます。ローカルと Linux のアカウントは戻せません (保存した情報から作り直します)。',
    'impact.raise-monitoring.title': '端末の監視強化 (監査ポリシー・auditd)',
    'impact.raise-monitoring.seed': 'EP / セグメント: 検知感度向上',
    'impact.raise-monitoring.c': '直接の効果はありませんが、攻撃者の次の行動がより多くの痕跡を残します。',
    'impact.raise-monitoring.i': '直接の効果はありません。',
    'impact.raise-monitoring.a': 'ログの量と CPU 負荷が少し増えます。Security ログは 1 GB になります。',
    'impact.raise-monitoring.evidence': 'これ以降の証拠が増えます。既存のログには触れません。',
    'impact.raise-monitoring.rollback': 'スクリプトが変更前の設定を保存し、ロールバックモードで戻します。',
    'impact.stop-service.title': '攻撃者が利用した公開サービスの停止',
    'impact.stop-service.seed': 'サービス: サービス一部停止 / サービス全停止',
    'impact.stop-service.c': '攻撃者が外部から使った侵入経路を閉じます。',
    'impact.stop-service.i': '攻撃者はそのサービスを使ってホストを変更できなくなります。',
    'impact.stop-service.a': '正規の利用者もサービスを使えなくなります (SSH による遠隔管理も含む)。',
    'impact.stop-service.evidence':
      'ホストは動いたままなので、メモリとディスクを保全できます (電源断より望ましい)。調査担当者の別の接続手段 (コンソール) を確保してください。',
    'impact.stop-service.rollback': 'サービスを再開します (スクリプトにロールバックモードがあります)。',
    'impact.notify-users.title': '利用者への注意喚起',
    'impact.notify-users.seed': 'ユーザ / EP / セグメント: 注意喚起',
    'impact.notify-users.c': '利用者が誘導メール等を開かなくなり、見たことを報告します。新たな感染が減ります。',
    'impact.notify-users.i': '直接の効果はありません。',
    'impact.notify-users.a': 'ありません。',
    'impact.notify-users.evidence':
      '攻撃者が読む可能性があります (侵害されたメールボックス)。措置を実施してから送ってください。対象端末の電源を切ったりネットワークから抜いたりしないよう伝えてください。',
    'impact.notify-users.rollback': '措置の解除時に解除の連絡を送ります。',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof RESPOND_IMPACT_MESSAGES> {}
}

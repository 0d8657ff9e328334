import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const ANALYTICS_WINDOWS_MESSAGES = defineMessages(
  {
    'win.bf.guess':
      'Password guessing against {host} from {src}: {attempts} failed logons for {users} account(s) in {span} (most tried: {top})',
    'win.bf.spray':
      'Password spraying against {host} from {src}: {attempts} failed logons across {users} accounts in {span} (most tried: {top})',
    'win.bf.spray_explicit':
      'Password spraying on {host}: {subject} (from {src}) logged on with explicit credentials of {users} different accounts {attempts} times in {span} ({top})',
    'win.bf.success':
      'Brute force against {host} from {src} succeeded: after {attempts} failed logons for {users} account(s), {user} logged on ({how}) at {at}',
    'win.bf.success_other':
      'Logon from {src} to {host} right after a brute force from there: after {attempts} failed logons for {users} account(s) ({top}), the account {user} logged on ({how}) at {at}',
    'win.bf.rdp_flood':
      '{attempts} RDP connections to {host} from {src} in {span} (RdpCoreTS 131, which names no account): password guessing or scanning over RDP',
    'win.bf.rdp_flood_logon':
      '{attempts} RDP connections to {host} from {src} in {span} (RdpCoreTS 131), then {user} logged on from there at {at}: RDP password guessing that may have succeeded',
    'win.bf.rdp_scan':
      '{src} connected to RDP on {hosts} hosts in {span} ({attempts} connections; {list}): scanning or password guessing over RDP',
    'win.rdp.logon': 'RDP logons to {host} as {user} from {peer} ({times})',
    'win.rdp.loopback':
      'RDP logons to {host} as {user} from the loopback address {peer} ({times}): RDP through a tunnel (port forwarding, plink, ngrok...)',
    'win.rdp.public': 'RDP logons to {host} as {user} from the Internet address {peer} ({times})',
    'win.rdp.spread': '{user} logged on over RDP from {peer} to {hosts} hosts: {list}',
    'win.admin.logon': '{user} logged on to {host} with administrative privileges {times} (from: {sources})',
    'win.trap.success':
      'Trap account {user} was used on {host}: {successes} successful and {failures} failed logons (from: {sources})',
    'win.trap.attempt': 'Logon attempts with the trap account {user} on {host}: {failures} failed (from: {sources})',
    'win.da.host':
      'Domain Admins member {user} logged on to the user terminal {host} ({times}; {types}; from: {sources}): its credentials are now exposed on that terminal',
    'win.da.source':
      'Domain Admins member {user} logged on to {host} from a user terminal ({times}; {types}; from: {sources})',
    'win.da.both':
      'Domain Admins member {user} logged on to the user terminal {host} from a user terminal ({times}; {types}; from: {sources})',
    'win.pth.new-credentials':
      'Logon with new credentials (type 9, seclogo) as {user} on {host} ({times}; process: {procs}): runas /netonly or pass-the-hash (Mimikatz sekurlsa::pth)',
    'win.pth.ntlm-keylength0':
      'NTLM network logons as {user} on {host} from {peer} with key length 0 ({times}): a pass-the-hash pattern',
    'win.explicit.remote':
      '{subject} on {host} used explicit credentials for {server} ({times}; accounts: {target}; process: {procs})',
    'win.explicit.local':
      '{subject} on {host} used explicit credentials of other accounts ({times}; accounts: {target}; process: {procs})',
    'win.svc.psexec': 'PsExec-style remote execution on {host}: service {name} installed ({image}, account {account})',
    'win.svc.suspicious': 'Suspicious service installed on {host}: {name} runs {image} (account {account}; {reasons})',
    'win.svc.suspicious_many': '{count} suspicious services installed on {host}: {names} (first runs {image})',
    'win.svc.ordinary': '{count} new service(s) installed on {host}: {names}',
    'win.task.short_lived':
      'Scheduled task {name} on {host} was created and deleted within {lifetime} (remote execution such as atexec): {command} (by {users})',
    'win.task.suspicious':
      'Scheduled task {name} on {host} runs a suspicious command: {command} ({markers}; by {users}; runs: {runs})',
    'win.task.created': 'Scheduled task {name} created on {host}: {command} (by {users}; runs: {runs})',
    'win.task.updated': 'Scheduled task {name} changed on {host}: {command} (by {users}; runs: {runs})',
    'win.wmi.subscription': 'WMI permanent event subscription on {host}: filter {filter} bound to {consumer}',
    'win.winrm.inbound': 'WinRM (PowerShell remoting) sessions opened on {host} (events: {count}; users: {users})',
    'win.winrm.outbound': '{host} opened WinRM sessions to {targets} ({times})',
    'win.proc.office-child-process': '{parent} started {child} on {host} ({times}; by {users}): {command}',
    'win.proc.wmi-execution':
      'Execution through WMI on {host}: wmiprvse.exe started {child} ({times}; by {users}): {command}',
    'win.proc.winrm-execution':
      'Execution through WinRM on {host}: {parent} started {child} ({times}; by {users}): {command}',
    'win.proc.service-shell':
      'services.exe started {child} on {host} ({times}; by {users}): a service running a shell, as PsExec-style tools do: {command}',
    'win.proc.server-shell':
      'The server process {parent} started {child} on {host} ({times}; by {users}): web shell or exploited service: {command}',
    'win.proc.dcom-execution':
      'mmc.exe started {child} on {host} ({times}; by {users}): possible DCOM (MMC20) remote execution: {command}',
    'win.proc.impacket-execution':
      'Remote command execution on {host} in the style of Impacket wmiexec/dcomexec (output sent to \\\\127.0.0.1\\ADMIN$): {child} ({times}; by {users}; parent {parent}): {command}',
    'win.def.detect':
      'Defender detected {threat} on {host} (severity {sev_en}, {cat_en}; detections: {count}; no action recorded): {path}',
    'win.def.detect_acted':
      'Defender detected {threat} on {host} (severity {sev_en}, {cat_en}; detections: {count}; action: {actions}): {path}',
    'win.def.detect_failed':
      'Defender detected {threat} on {host} but could not remove it (severity {sev_en}, {cat_en}; detections: {count}): {path}',
    'win.def.realtime_off': 'Defender real-time protection was turned off on {host} ({times})',
    'win.def.antispyware_off': 'Defender anti-spyware scanning was turned off on {host} ({times})',
    'win.def.antivirus_off': 'Defender antivirus scanning was turned off on {host} ({times})',
    'win.def.platform_expired':
      'The Defender antimalware platform has expired on {host} ({times}): protection may be out of date or disabled',
    'win.def.exclusion': 'Defender exclusions added on {host} ({count}): {values}',
    'win.clear.one':
      'The {channels} log was cleared on {host} by {user} at {at}: its earlier events are gone and the timeline before this point is incomplete',
    'win.clear.many':
      '{n} event logs were cleared on {host} by {user} from {at} ({channels}): their earlier events are gone and the timeline before this point is incomplete',
    'win.eventlog.starttype':
      'The start type of the Windows Event Log service changed on {host} ({changes}): logging may have been stopped',
    'win.time.changed':
      'System time of {host} changed {times} by {actor}; the largest jump {jump} at {at} (from {from} to {to}; {backwards} backwards): event times around these changes cannot be trusted',
    'win.time.benign':
      'System time of {host} adjusted {times} by the clock service {actor}; the largest jump {jump} at {at} (from {from} to {to}): event times around these changes are shifted',
    'win.gap.records':
      '{gaps} gap(s) in the record numbers of {file} ({channel} on {host}): {missing} records missing, the largest {largest} between #{from} ({from_ts}) and #{to} ({to_ts}). Records were deleted or could not be read: the timeline in these periods cannot be trusted',
    'win.gap.records_export':
      "{gaps} gap(s) in the EventRecordIDs of {file} ({channel} on {host}): {missing} records missing, the largest {largest} between #{from} ({from_ts}) and #{to} ({to_ts}). The file's own record headers are numbered without gaps, so it was probably saved from Event Viewer with a filter (or rewritten after records were deleted)",
    'win.gap.backwards':
      'Event time runs backwards {times} in {file} ({channel} on {host}); the largest by {by} at record #{rec} ({before} → {after}). The clock was set back: ordering by time around this point is unreliable',
    'win.gap.start':
      '{file} ({channel} on {host}) starts at record #{rec} ({at}): the {lost} earlier records were overwritten or cleared, so nothing before {at} is in this log',
    'win.gap.start_cleared':
      '{file} ({channel} on {host}) starts with the log being cleared at record #{rec} ({at}): the {lost} earlier records are gone, so nothing before {at} is in this log',
    'win.gap.start_flooded':
      '{file} ({channel} on {host}) starts at record #{rec} ({at}) and {pct}% of its events are failed logons: a brute force has likely pushed the {lost} earlier records out of the log, hiding when the attack began',
    'win.acct.summary': 'Account {account} on {host}: {actions} (by {actors}; logged on from {sources})',
    'win.acct.act.created': 'created',
    'win.acct.act.created_fake_computer':
      'created as a user account whose name ends in $ (posing as a computer account)',
    'win.acct.act.created_computer': 'computer account created',
    'win.acct.act.created_computer_by_user':
      'computer account created by a user account (machine account quota, as used for RBCD and sAMAccountName spoofing)',
    'win.acct.act.enabled': 'enabled',
    'win.acct.act.enabled_builtin': 'built-in account enabled',
    'win.acct.act.reset': 'password reset by another account ({times})',
    'win.acct.act.changed': 'changed ({times})',
    'win.acct.act.weakened': 'security flags set: {flags}',
    'win.acct.act.renamed': 'renamed {rename}',
    'win.acct.act.renamed_spoof':
      'renamed {rename}: a computer account given a name without $ (sAMAccountName spoofing, CVE-2021-42278)',
    'win.acct.act.added': 'added to {group}',
    'win.acct.act.added_privileged': 'added to the privileged group {group}',
    'win.acct.act.removed': 'removed from {group}',
    'win.acct.act.deleted': 'deleted',
    'win.acct.act.deleted_short': 'deleted within a day of its creation',
    'win.acct.uac.2082': 'password not required',
    'win.acct.uac.2091': 'reversible password encryption',
    'win.acct.uac.2093': 'trusted for delegation',
    'win.acct.uac.2096': 'Kerberos pre-authentication not required (AS-REP roasting)',
    'win.acct.uac.2098': 'trusted to authenticate for delegation',
    'win.kitting.shared':
      'The local account {account} logs on to {hosts} hosts ({list}; {times}{admin}): a common account left from kitting, with the same password everywhere an attacker can move with it (pass-the-hash)',
    'win.kitting.remote':
      'The local account {account} is used over the network on {hosts} hosts ({list}; {times}{admin}; from: {sources}): a common kitting account used for lateral movement (pass-the-hash)',
    'win.kitting.admin': '; as administrator on {n} of them',
    'win.cov.log': '{file} holds {count} {channel} events of {host} from {from} to {to} ({span}).{notes}',
    'win.cov.note.short':
      'The log starts at record #{rec}: it was overwritten and keeps only {span}, so it rotates within hours and older activity is lost.',
    'win.cov.note.no_cmdline':
      '{count} process creations (4688) without command lines: rules on the command line cannot match (enable "Include command line in process creation events").',
    'win.cov.host':
      'Evidence of {host} holds {present}; missing: {missing}. Could not run for lack of it: {unavailable}',
    'win.cov.missing.security': 'the Security log',
    'win.cov.missing.system': 'the System log',
    'win.cov.missing.sysmon': 'Sysmon',
    'win.cov.missing.ps4104': 'PowerShell script block logging (4104)',
    'win.cov.missing.process': 'process creation auditing (no 4688, no Sysmon 1)',
    'win.cov.missing.cmdline': 'command lines in 4688',
    'win.cov.need.security':
      'logon analyses (brute force, RDP, pass-the-hash, Domain Admins on terminals), account management, log clearing',
    'win.cov.need.system': 'service installations (PsExec), system time changes, Event Log service stops',
    'win.cov.need.sysmon': 'Sysmon rules (process, network, registry, file and named-pipe events)',
    'win.cov.need.ps4104': 'PowerShell script block rules',
    'win.cov.need.process': 'process trees and command-line rules',
    'win.cov.need.cmdline': 'command-line rules on 4688',
    'win.app.sql_guess':
      'SQL Server password guessing against {host} from {src}: {attempts} failed logins in {span} (accounts: {users}; {reasons})',
    'win.app.sql_blocked':
      'SQL Server on {host} refused a call to the disabled {detail} ({times}): someone tried to run operating-system commands through the database',
    'win.app.sql_enabled':
      'SQL Server option {detail} switched on on {host} ({times}): operating-system commands can now be run through the database',
    'win.app.lsass_exit':
      'lsass.exe on {host} was made to exit silently by {by} ({times}): Silent Process Exit monitoring writes a dump of lsass, i.e. its credentials',
    'win.app.bits_local':
      'BITS job on {host} copies the local or network file {detail} ({times}; job: {by}): BITS used to run or persist a program',
    'win.app.bits_ip': 'BITS job on {host} downloads from an IP address: {detail} ({times}; job: {by})',
    'win.app.bits_payload':
      'BITS job on {host} downloads a program or archive from outside Microsoft: {detail} ({times}; job: {by})',
    'win.app.bits_tool': 'BITS job {detail} created on {host} by a command-line tool ({by}; {times})',
    'win.app.shim':
      'Application shim that redirects or injects applied on {host}: {detail} ({times}): a shim database installed to run other code in its place (shim persistence)',
    'win.app.txf':
      '{detail} on {host}, a program in a user-writable place, used NTFS transactions ({times}; by {by}): how process doppelgänging hides the file it runs',
    'win.app.winsock_lsp':
      'Winsock layered service provider {detail} installed on {host} by {by} ({times}): code loaded into every program that uses the network',
  },
  {
    'win.bf.guess':
      '{src_ja} から {host} へのパスワード推測攻撃: {span_ja}の間に {users} 個のアカウントで {attempts} 回ログオンに失敗 (多い順: {top})',
    'win.bf.spray':
      '{src_ja} から {host} へのパスワードスプレー攻撃: {span_ja}の間に {users} 個のアカウントにわたり {attempts} 回ログオンに失敗 (多い順: {top})',
    'win.bf.spray_explicit':
      '{host} でパスワードスプレー攻撃: {subject} ({src_ja} から) が {span_ja}の間に {users} 個の異なるアカウントの明示的な資格情報で {attempts} 回ログオン ({top})',
    'win.bf.success':
      '{src_ja} から {host} へのブルートフォース攻撃が成功: {users} 個のアカウントで {attempts} 回ログオンに失敗した後、{at} に {user} としてログオン ({how_ja})',
    'win.bf.success_other':
      '{src_ja} から {host} へのブルートフォース攻撃の直後に同じ接続元からログオン: {users} 個のアカウント ({top}) で {attempts} 回失敗した後、{at} に別のアカウント {user} としてログオン ({how_ja})',
    'win.bf.rdp_flood':
      '{src_ja} から {host} へ {span_ja}の間に {attempts} 回の RDP 接続 (RdpCoreTS 131、アカウント名の記録なし): RDP でのパスワード推測またはスキャン',
    'win.bf.rdp_flood_logon':
      '{src_ja} から {host} へ {span_ja}の間に {attempts} 回の RDP 接続 (RdpCoreTS 131) の後、{at} に同じ接続元から {user} がログオン: RDP でのパスワード推測が成功した可能性',
    'win.bf.rdp_scan':
      '{src} が {span_ja}の間に {hosts} 台のホストへ RDP 接続 (計 {attempts} 回、{list}): RDP のスキャンまたはパスワード推測',
    'win.rdp.logon': '{peer} から {host} に {user} として RDP ログオン ({count} 回)',
    'win.rdp.loopback':
      'ループバックアドレス {peer} から {host} に {user} として RDP ログオン ({count} 回): トンネル (ポート転送、plink、ngrok など) 経由の RDP',
    'win.rdp.public': 'インターネット上のアドレス {peer} から {host} に {user} として RDP ログオン ({count} 回)',
    'win.rdp.spread': '{user} が {peer} から {hosts} 台のホストに RDP でログオン: {list}',
    'win.admin.logon': '{user} が {host} に管理者権限で {count} 回ログオン (接続元: {sources_ja})',
    'win.trap.success':
      'トラップアカウント {user} が {host} で使用された: ログオン成功 {successes} 回、失敗 {failures} 回 (接続元: {sources})',
    'win.trap.attempt': '{host} でトラップアカウント {user} によるログオン試行: 失敗 {failures} 回 (接続元: {sources})',
    'win.da.host':
      'Domain Admins のメンバー {user} がユーザ端末 {host} にログオン ({count} 回、{types_ja}、接続元: {sources}): 資格情報がその端末に残っている',
    'win.da.source':
      'Domain Admins のメンバー {user} がユーザ端末から {host} にログオン ({count} 回、{types_ja}、接続元: {sources})',
    'win.da.both':
      'Domain Admins のメンバー {user} がユーザ端末からユーザ端末 {host} にログオン ({count} 回、{types_ja}、接続元: {sources})',
    'win.pth.new-credentials':
      '{host} で {user} として新しい資格情報によるログオン (タイプ 9、seclogo) が {count} 回 (プロセス: {procs}): runas /netonly またはパス・ザ・ハッシュ (Mimikatz sekurlsa::pth)',
    'win.pth.ntlm-keylength0':
      '{peer} から {host} への {user} としての NTLM ネットワークログオンでキー長が 0 ({count} 回): パス・ザ・ハッシュの特徴',
    'win.explicit.remote':
      '{host} で {subject} が {server} に対して明示的な資格情報を使用 ({count} 回、アカウント: {target}、プロセス: {procs})',
    'win.explicit.local':
      '{host} で {subject} が他のアカウントの資格情報を明示的に使用 ({count} 回、アカウント: {target}、プロセス: {procs})',
    'win.svc.psexec':
      '{host} で PsExec 型のリモート実行: サービス {name} がインストールされた ({image}、アカウント {account})',
    'win.svc.suspicious':
      '{host} に不審なサービスがインストールされた: {name} が {image} を実行 (アカウント {account}、{reasons_ja})',
    'win.svc.suspicious_many':
      '{host} に {count} 個の不審なサービスがインストールされた: {names} (最初のサービスは {image} を実行)',
    'win.svc.ordinary': '{host} に {count} 個の新しいサービスがインストールされた: {names}',
    'win.task.short_lived':
      '{host} のタスク {name} が作成から {lifetime_ja}以内に削除された (atexec などによるリモート実行): {command} ({users} による)',
    'win.task.suspicious':
      '{host} のタスク {name} が不審なコマンドを実行: {command} ({markers}、{users} による、実行 {runs} 回)',
    'win.task.created': '{host} でタスク {name} が作成された: {command} ({users} による、実行 {runs} 回)',
    'win.task.updated': '{host} でタスク {name} が変更された: {command} ({users} による、実行 {runs} 回)',
    'win.wmi.subscription':
      '{host} に WMI の永続的イベントサブスクリプション: フィルタ {filter} が {consumer} に結び付けられた',
    'win.winrm.inbound':
      '{host} で WinRM (PowerShell リモート処理) のセッションが開かれた (イベント {count} 件、ユーザ: {users})',
    'win.winrm.outbound': '{host} から {targets} へ WinRM セッションを開始 ({count} 回)',
    'win.proc.office-child-process': '{host} で {parent} が {child} を起動 ({count} 回、{users} による): {command}',
    'win.proc.wmi-execution':
      '{host} で WMI 経由の実行: wmiprvse.exe が {child} を起動 ({count} 回、{users} による): {command}',
    'win.proc.winrm-execution':
      '{host} で WinRM 経由の実行: {parent} が {child} を起動 ({count} 回、{users} による): {command}',
    'win.proc.service-shell':
      '{host} で services.exe が {child} を起動 ({count} 回、{users} による): PsExec 型ツールのようにサービスがシェルを実行: {command}',
    'win.proc.server-shell':
      '{host} でサーバプロセス {parent} が {child} を起動 ({count} 回、{users} による): Web シェルまたは脆弱性を悪用されたサービス: {command}',
    'win.proc.dcom-execution':
      '{host} で mmc.exe が {child} を起動 ({count} 回、{users} による): DCOM (MMC20) によるリモート実行の可能性: {command}',
    'win.proc.impacket-execution':
      '{host} で Impacket の wmiexec/dcomexec と同じ形のリモートコマンド実行 (出力を \\\\127.0.0.1\\ADMIN$ に送る): {child} ({count} 回、{users} による、親プロセス {parent}): {command}',
    'win.def.detect':
      '{host} で Defender が {threat} を検知 (重大度 {sev_ja}、{cat_ja}、検知 {count} 回、対処の記録なし): {path}',
    'win.def.detect_acted':
      '{host} で Defender が {threat} を検知 (重大度 {sev_ja}、{cat_ja}、検知 {count} 回、対処: {actions_ja}): {path}',
    'win.def.detect_failed':
      '{host} で Defender が {threat} を検知したが除去できなかった (重大度 {sev_ja}、{cat_ja}、検知 {count} 回): {path}',
    'win.def.realtime_off': '{host} で Defender のリアルタイム保護が無効化された ({count} 回)',
    'win.def.antispyware_off': '{host} で Defender のスパイウェア対策スキャンが無効化された ({count} 回)',
    'win.def.antivirus_off': '{host} で Defender のウイルス対策スキャンが無効化された ({count} 回)',
    'win.def.platform_expired':
      '{host} で Defender のマルウェア対策プラットフォームの期限が切れている ({count} 回): 保護が古いか無効の可能性',
    'win.def.exclusion': '{host} で Defender の除外設定が追加された ({count} 件): {values}',
    'win.clear.one':
      '{host} で {user} が {at} に {channels} ログを消去: それ以前のイベントは失われ、この時点より前のタイムラインは不完全',
    'win.clear.many':
      '{host} で {user} が {at} から {n} 個のイベントログを消去 ({channels}): それ以前のイベントは失われ、この時点より前のタイムラインは不完全',
    'win.eventlog.starttype':
      '{host} で Windows Event Log サービスのスタートアップの種類が変更された ({changes}): ログ記録が停止された可能性',
    'win.time.changed':
      '{host} のシステム時刻が {actor} により {count} 回変更された。最大のずれは {at} の {jump_ja} ({from} から {to}、逆行 {backwards} 回): この前後のイベント時刻は信頼できない',
    'win.time.benign':
      '{host} のシステム時刻が時刻サービス {actor} により {count} 回調整された。最大のずれは {at} の {jump_ja} ({from} から {to}): この前後のイベント時刻はずれている',
    'win.gap.records':
      '{file} ({host} の {channel}) のレコード番号に {gaps} 箇所の欠落: 計 {missing} 件、最大は #{from} ({from_ts}) と #{to} ({to_ts}) の間の {largest} 件。レコードが削除されたか読み取れなかった: この期間のタイムラインは信頼できない',
    'win.gap.records_export':
      '{file} ({host} の {channel}) の EventRecordID に {gaps} 箇所の欠落: 計 {missing} 件、最大は #{from} ({from_ts}) と #{to} ({to_ts}) の間の {largest} 件。ファイル自体のレコードヘッダの番号は連続しているため、イベントビューアでフィルタを付けて保存された可能性が高い (レコード削除後に書き直された可能性もある)',
    'win.gap.backwards':
      '{file} ({host} の {channel}) でイベント時刻が {count} 回逆行。最大はレコード #{rec} での {by_ja} ({before} → {after})。時計が戻された: この前後の時刻順は信頼できない',
    'win.gap.start':
      '{file} ({host} の {channel}) はレコード #{rec} ({at}) から始まる: それ以前の {lost} 件は上書きまたは消去されており、{at} より前の記録はこのログにない',
    'win.gap.start_cleared':
      '{file} ({host} の {channel}) はレコード #{rec} ({at}) のログ消去から始まる: それ以前の {lost} 件は失われており、{at} より前の記録はこのログにない',
    'win.gap.start_flooded':
      '{file} ({host} の {channel}) はレコード #{rec} ({at}) から始まり、イベントの {pct}% がログオン失敗: ブルートフォースによりそれ以前の {lost} 件が押し出され、攻撃の開始時期が分からなくなっている可能性が高い',
    'win.acct.summary': '{host} のアカウント {account}: {actions_ja} (実行者: {actors}、ログオン元: {sources_ja})',
    'win.acct.act.created': '作成',
    'win.acct.act.created_fake_computer':
      '名前が $ で終わるユーザアカウントとして作成 (コンピュータアカウントへの偽装)',
    'win.acct.act.created_computer': 'コンピュータアカウントの作成',
    'win.acct.act.created_computer_by_user':
      'ユーザアカウントによるコンピュータアカウントの作成 (MachineAccountQuota の悪用。RBCD や sAMAccountName なりすましの手口)',
    'win.acct.act.enabled': '有効化',
    'win.acct.act.enabled_builtin': '組み込みアカウントの有効化',
    'win.acct.act.reset': '他のアカウントによるパスワードのリセット ({count} 回)',
    'win.acct.act.changed': '設定変更 ({count} 回)',
    'win.acct.act.weakened': 'セキュリティ上危険なフラグの設定: {flags_ja}',
    'win.acct.act.renamed': '名前の変更 {rename}',
    'win.acct.act.renamed_spoof':
      '名前の変更 {rename}: コンピュータアカウントの名前から $ を外した (sAMAccountName なりすまし、CVE-2021-42278)',
    'win.acct.act.added': '{group} に追加',
    'win.acct.act.added_privileged': '特権グループ {group} に追加',
    'win.acct.act.removed': '{group} から削除',
    'win.acct.act.deleted': 'アカウントの削除',
    'win.acct.act.deleted_short': '作成から 1 日以内にアカウントを削除',
    'win.acct.uac.2082': 'パスワード不要',
    'win.acct.uac.2091': '元に戻せる暗号化でパスワードを保存',
    'win.acct.uac.2093': '委任に対して信頼',
    'win.acct.uac.2096': 'Kerberos 事前認証が不要 (AS-REP Roasting の対象)',
    'win.acct.uac.2098': '認証の委任に対して信頼',
    'win.kitting.shared':
      'ローカルアカウント {account} が {hosts} 台のホストにログオン ({list}、{count} 回{admin_ja}): キッティング時の共通アカウントが残っており、同じパスワードを使って攻撃者が横展開できる (パス・ザ・ハッシュ)',
    'win.kitting.remote':
      'ローカルアカウント {account} が {hosts} 台のホストでネットワーク経由で使われている ({list}、{count} 回{admin_ja}、接続元: {sources}): キッティング時の共通アカウントによる横展開 (パス・ザ・ハッシュ)',
    'win.kitting.admin': '、うち {n} 台で管理者',
    'win.cov.log': '{file} に {host} の {channel} イベントが {count} 件 ({from} から {to} まで、{span_ja})。{notes_ja}',
    'win.cov.note.short':
      'ログはレコード #{rec} から始まる: 上書きされて {span_ja} 分しか残っておらず、数時間でローテートするため、それより前の活動は失われている。',
    'win.cov.note.no_cmdline':
      'プロセス作成 (4688) {count} 件にコマンドラインがない: コマンドラインを見るルールは一致しない (「プロセス作成イベントにコマンドラインを含める」を有効にする)。',
    'win.cov.host':
      '{host} の証拠にあるログ: {present}。不足: {missing_ja}。そのため実行できなかった分析: {unavailable_ja}',
    'win.cov.missing.security': 'セキュリティログ',
    'win.cov.missing.system': 'システムログ',
    'win.cov.missing.sysmon': 'Sysmon のログ',
    'win.cov.missing.ps4104': 'PowerShell スクリプトブロックのログ (4104)',
    'win.cov.missing.process': 'プロセス作成の監査 (4688 も Sysmon 1 もない)',
    'win.cov.missing.cmdline': '4688 のコマンドライン',
    'win.cov.need.security':
      'ログオンの分析 (ブルートフォース、RDP、パス・ザ・ハッシュ、利用者端末での Domain Admins)、アカウント管理、ログ消去',
    'win.cov.need.system': 'サービスのインストール (PsExec)、システム時刻の変更、Event Log サービスの停止',
    'win.cov.need.sysmon': 'Sysmon のルール (プロセス、ネットワーク、レジストリ、ファイル、名前付きパイプ)',
    'win.cov.need.ps4104': 'PowerShell スクリプトブロックのルール',
    'win.cov.need.process': 'プロセスツリーとコマンドラインのルール',
    'win.cov.need.cmdline': '4688 のコマンドラインに対するルール',
    'win.app.sql_guess':
      '{src} から {host} の SQL Server へのパスワード推測: {span_ja}の間に {attempts} 回ログインに失敗 (アカウント: {users}、{reasons})',
    'win.app.sql_blocked':
      '{host} の SQL Server が無効化されている {detail} の呼び出しを拒否 ({count} 回): データベース経由で OS コマンドを実行しようとした',
    'win.app.sql_enabled':
      '{host} の SQL Server でオプション {detail} が有効化された ({count} 回): データベース経由で OS コマンドを実行できる状態',
    'win.app.lsass_exit':
      '{host} で {by} が lsass.exe をサイレント終了させた ({count} 回): Silent Process Exit の監視機能で lsass のダンプ (資格情報) が書き出される',
    'win.app.bits_local':
      '{host} の BITS ジョブがローカルまたはネットワーク上のファイル {detail} をコピー ({count} 回、ジョブ: {by}): BITS によるプログラムの実行または永続化',
    'win.app.bits_ip': '{host} の BITS ジョブが IP アドレスから直接ダウンロード: {detail} ({count} 回、ジョブ: {by})',
    'win.app.bits_payload':
      '{host} の BITS ジョブが Microsoft 以外からプログラムまたはアーカイブをダウンロード: {detail} ({count} 回、ジョブ: {by})',
    'win.app.bits_tool': '{host} でコマンドラインツール ({by}) が BITS ジョブ {detail} を作成 ({count} 回)',
    'win.app.shim':
      '{host} でリダイレクトまたはコード注入を行うアプリケーション互換性シムが適用された: {detail} ({count} 回): 別のコードを代わりに実行させるシムデータベースの登録 (シムによる永続化)',
    'win.app.txf':
      '{host} でユーザが書き込める場所にあるプログラム {detail} が NTFS トランザクションを使用 ({count} 回、{by} による): プロセス・ドッペルゲンギングが実行ファイルを隠す手口',
    'win.app.winsock_lsp':
      '{host} に {by} が Winsock の階層化サービスプロバイダ (LSP) {detail} をインストール ({count} 回): ネットワークを使うすべてのプログラムに読み込まれるコード',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof ANALYTICS_WINDOWS_MESSAGES> {}
}

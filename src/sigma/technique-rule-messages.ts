/**
 * The titles and descriptions of konseki's rules over Sysmon, System and compatibility-assistant events for
 * techniques the Sigma sets miss on older or sparse logs (rules/konseki/windows; the earlier rules' texts are in
 * messages.ts). Keys are `rule.<rule id>.title|description`; the English is the rule file's own text.
 */
import { defineMessages, type KeysOf } from '../i18n/index.ts';

const TECHNIQUE_RULE_MESSAGES = defineMessages(
  {
    'rule.83292d61-9b57-452d-8e71-414c6aebf719.title':
      'Shell, Script Host or Desktop Program Accepted a Network Connection',
    'rule.83292d61-9b57-452d-8e71-414c6aebf719.description':
      'A program that never serves the network (explorer, mmc, a shell or script host, rundll32, notepad) accepted an inbound connection from another machine: a bind shell or listener injected into it, or a DCOM object driven remotely (MMC20.Application, ShellWindows, ShellBrowserWindow, LethalHTA).',
    'rule.5303c7d3-773b-4e69-9727-cd6ccfddd08c.title': 'Windows Binary Run Under Another Name',
    'rule.5303c7d3-773b-4e69-9727-cd6ccfddd08c.description':
      "The file's version description names a Windows program often abused (cmd, PowerShell, regsvr32, rundll32, mshta, certutil, script hosts, bitsadmin, wmic, PsExec) but the file has another name: a copy renamed to slip past rules that look for the usual name. Older Sysmon versions record the description but not OriginalFileName.",
    'rule.17365262-03d1-4ea4-96c8-06bd10d3f0bd.title': 'Web Browser Started a Shell or Script Host',
    'rule.17365262-03d1-4ea4-96c8-06bd10d3f0bd.description':
      'A web browser started a command interpreter or script host: a drive-by exploit or a downloaded HTA/script run from the browser (seed 004).',
    'rule.c1b0144f-0c49-4174-bc63-3aa4d60de8a1.title': 'Windows Service Process Started a Shell',
    'rule.c1b0144f-0c49-4174-bc63-3aa4d60de8a1.description':
      'A Windows process that never starts a command interpreter (the update client, the spooler, lsass, the error reporting tools, winlogon, the search indexer) started one: code injected into it or loaded by it (a hijacked DLL, a spooler driver, an exploit) is running commands.',
    'rule.aa58be81-c769-4761-87e3-05d690e5911b.title': 'Print Spooler Loaded an Unsigned DLL From Its Driver Directory',
    'rule.aa58be81-c769-4761-87e3-05d690e5911b.description':
      "spoolsv.exe (running as SYSTEM) loaded an unsigned DLL from the printer driver directory: how spooler privilege escalations (PrintNightmare, SpoolFool, CVE-2020-1030) run their payload. Printer driver DLLs installed from Windows or vendors' packages are signed.",
    'rule.69b202d8-fac9-4dfb-93f1-5da35cd13709.title':
      'RDP Client Library Loaded by a Program From a User-Writable Folder',
    'rule.69b202d8-fac9-4dfb-93f1-5da35cd13709.description':
      'A program outside Windows and Program Files loaded the RDP ActiveX client (mstscax.dll): tools like SharpRDP drive an RDP session programmatically to run commands on another host.',
    'rule.d35a00c7-5fa2-4f2c-91dd-d130b9a41727.title': 'Event Log Service Crashed',
    'rule.d35a00c7-5fa2-4f2c-91dd-d130b9a41727.description':
      'Windows Error Reporting started for the svchost that hosts the EventLog service: the service crashed, and nothing is logged until it restarts. Attackers crash it on purpose (remote RPC bugs, Invoke-Phant0m-style tools) to blind the defenders.',
    'rule.38cd2c50-10c6-4d49-ad2f-142b4ee03770.title':
      'Remote Launch of a DCOM Class Used for Lateral Movement Was Denied',
    'rule.38cd2c50-10c6-4d49-ad2f-142b4ee03770.description':
      'Another machine asked to start MMC20.Application, ShellWindows, ShellBrowserWindow or an Office application object on this host over DCOM and was denied: the traces of DCOM lateral movement (impacket dcomexec, Invoke-DCOM) that failed or was retried.',
    'rule.de50c5ed-9fe6-481e-a0ae-fd0fa64d2a80.title': 'Many Named Pipes Opened Over the Network Within a Minute',
    'rule.de50c5ed-9fe6-481e-a0ae-fd0fa64d2a80.description':
      "Another machine opened ten or more different named pipes of this host over SMB within a minute (Sysmon attributes remote pipe clients to the System process): a scan of the host's RPC services (pipe enumeration by impacket, nmap scripts, enum4linux) before choosing a way in.",
    'rule.188f4353-3575-47f8-927e-baaf81428665.title': 'One Host Connected to SMB on Many Hosts Within Minutes',
    'rule.188f4353-3575-47f8-927e-baaf81428665.description':
      'This host opened SMB (445) connections to five or more different hosts within five minutes: share and session enumeration across the network (PowerView Invoke-UserHunter, SharpHound, net view loops) or lateral movement in progress (seed 000: lateral fan-out).',
    'rule.d985d9be-55be-4312-8b51-835259da0f1b.title':
      'Auto-Elevating Windows Program Started at High Integrity by a Program From a User Folder',
    'rule.d985d9be-55be-4312-8b51-835259da0f1b.description':
      'A program in a user-writable folder started a Windows program that elevates without a UAC prompt (fodhelper, eventvwr, sdclt, taskmgr, wusa, mmc and the like) and it ran at high integrity: the pattern of UAC bypasses (UACME and others), which hijack what such a program loads or opens.',
    'rule.9383cd8a-2c3d-4dcc-8fbb-59fd55a28ad1.title': 'Control Panel Item Run From a User Folder',
    'rule.9383cd8a-2c3d-4dcc-8fbb-59fd55a28ad1.description':
      "The Program Compatibility Assistant recorded a Control Panel item (.cpl, a DLL) run from a user's folder such as Downloads: malicious attachments are sent as .cpl files that run when opened. Windows' own items are in System32, installed ones in Program Files.",
    'rule.cb867aac-a703-4ccc-9799-47cb4bab410b.title': 'Control Panel Item From a User Folder Started',
    'rule.cb867aac-a703-4ccc-9799-47cb4bab410b.description':
      "control.exe or rundll32.exe (Control_RunDLL) was given a Control Panel item (.cpl, a DLL) from a user's folder such as Downloads: malicious attachments are sent as .cpl files that run when opened.",
    'rule.56d2625b-8ad8-4a5b-8082-fa5c3aca65cc.title':
      'Script Host Loaded the Task Scheduler API and Called RPC on Another Host',
    'rule.56d2625b-8ad8-4a5b-8082-fa5c3aca65cc.description':
      'A script host (PowerShell, the script hosts, mshta, rundll32) loaded the Task Scheduler COM library and, within a minute, connected to the RPC endpoint mapper (135) of another host: creating a scheduled task remotely to run code there (lateral movement, as Invoke-TaskCmd, SharpTask or schtasks /s do).',
  },
  {
    'rule.83292d61-9b57-452d-8e71-414c6aebf719.title':
      'シェル・スクリプトホスト・デスクトップのプログラムによるネットワーク接続の受け入れ',
    'rule.83292d61-9b57-452d-8e71-414c6aebf719.description':
      'ネットワークでサービスを提供しないはずのプログラム (explorer、mmc、シェルやスクリプトホスト、rundll32、notepad) が他のマシンからの接続を受け入れた。注入されたバインドシェルやリスナー、またはリモートから操作された DCOM オブジェクト (MMC20.Application、ShellWindows、ShellBrowserWindow、LethalHTA)。',
    'rule.5303c7d3-773b-4e69-9727-cd6ccfddd08c.title': '別の名前で実行された Windows のプログラム',
    'rule.5303c7d3-773b-4e69-9727-cd6ccfddd08c.description':
      'ファイルのバージョン情報の説明は悪用されやすい Windows のプログラム (cmd、PowerShell、regsvr32、rundll32、mshta、certutil、スクリプトホスト、bitsadmin、wmic、PsExec) を示しているが、ファイル名が異なる。通常の名前を探すルールを避けるために名前を変えたコピー。古い Sysmon は説明を記録するが OriginalFileName は記録しない。',
    'rule.17365262-03d1-4ea4-96c8-06bd10d3f0bd.title': 'Web ブラウザによるシェル・スクリプトホストの起動',
    'rule.17365262-03d1-4ea4-96c8-06bd10d3f0bd.description':
      'Web ブラウザがコマンドインタプリタまたはスクリプトホストを起動した。ドライブバイ攻撃のエクスプロイト、またはダウンロードした HTA やスクリプトをブラウザから実行したもの (seed 004)。',
    'rule.c1b0144f-0c49-4174-bc63-3aa4d60de8a1.title': 'Windows のサービスプロセスによるシェルの起動',
    'rule.c1b0144f-0c49-4174-bc63-3aa4d60de8a1.description':
      'コマンドインタプリタを起動することのない Windows のプロセス (更新クライアント、スプーラ、lsass、エラー報告ツール、winlogon、検索インデクサ) がそれを起動した。注入されたコードや読み込ませたコード (乗っ取った DLL、スプーラのドライバ、エクスプロイト) がコマンドを実行している。',
    'rule.aa58be81-c769-4761-87e3-05d690e5911b.title':
      '印刷スプーラによるドライバディレクトリの署名のない DLL の読み込み',
    'rule.aa58be81-c769-4761-87e3-05d690e5911b.description':
      'SYSTEM で動く spoolsv.exe がプリンタドライバのディレクトリから署名のない DLL を読み込んだ。スプーラを使う権限昇格 (PrintNightmare、SpoolFool、CVE-2020-1030) がペイロードを実行する方法。Windows やベンダーのパッケージから入れたプリンタドライバの DLL には署名がある。',
    'rule.69b202d8-fac9-4dfb-93f1-5da35cd13709.title':
      'ユーザが書き込めるフォルダのプログラムによる RDP クライアントライブラリの読み込み',
    'rule.69b202d8-fac9-4dfb-93f1-5da35cd13709.description':
      'Windows と Program Files の外にあるプログラムが RDP の ActiveX クライアント (mstscax.dll) を読み込んだ。SharpRDP のようなツールは RDP セッションをプログラムから操作して別のホストでコマンドを実行する。',
    'rule.d35a00c7-5fa2-4f2c-91dd-d130b9a41727.title': 'イベントログサービスのクラッシュ',
    'rule.d35a00c7-5fa2-4f2c-91dd-d130b9a41727.description':
      'EventLog サービスを動かす svchost について Windows エラー報告が起動した。サービスがクラッシュし、再起動するまで何も記録されない。攻撃者は防御側の目をふさぐため、意図的にクラッシュさせる (リモート RPC の不具合、Invoke-Phant0m のようなツール)。',
    'rule.38cd2c50-10c6-4d49-ad2f-142b4ee03770.title': '横展開に使われる DCOM クラスのリモート起動の拒否',
    'rule.38cd2c50-10c6-4d49-ad2f-142b4ee03770.description':
      '別のマシンが DCOM でこのホストの MMC20.Application、ShellWindows、ShellBrowserWindow または Office アプリケーションのオブジェクトを起動しようとして拒否された。失敗した、または再試行された DCOM による横展開 (impacket dcomexec、Invoke-DCOM) の痕跡。',
    'rule.de50c5ed-9fe6-481e-a0ae-fd0fa64d2a80.title': '1 分以内にネットワーク経由で開かれた多数の名前付きパイプ',
    'rule.de50c5ed-9fe6-481e-a0ae-fd0fa64d2a80.description':
      '別のマシンが SMB でこのホストの 10 種類以上の名前付きパイプを 1 分以内に開いた (Sysmon はリモートのパイプクライアントを System プロセスとして記録する)。侵入口を選ぶ前のホストの RPC サービスの調査 (impacket、nmap のスクリプト、enum4linux によるパイプの列挙)。',
    'rule.188f4353-3575-47f8-927e-baaf81428665.title': '数分以内の多数のホストへの SMB 接続',
    'rule.188f4353-3575-47f8-927e-baaf81428665.description':
      'このホストが 5 分以内に 5 台以上のホストの SMB (445) に接続した。ネットワーク全体の共有やセッションの列挙 (PowerView の Invoke-UserHunter、SharpHound、net view の繰り返し)、または進行中の横展開 (seed 000: 横展開の広がり)。',
    'rule.d985d9be-55be-4312-8b51-835259da0f1b.title':
      'ユーザフォルダのプログラムによる自動昇格する Windows のプログラムの高い整合性レベルでの起動',
    'rule.d985d9be-55be-4312-8b51-835259da0f1b.description':
      'ユーザが書き込めるフォルダのプログラムが、UAC の確認なしに昇格する Windows のプログラム (fodhelper、eventvwr、sdclt、taskmgr、wusa、mmc など) を起動し、それが高い整合性レベルで動いた。そのようなプログラムが読み込むものや開くものを乗っ取る UAC バイパス (UACME など) のパターン。',
    'rule.9383cd8a-2c3d-4dcc-8fbb-59fd55a28ad1.title': 'ユーザフォルダのコントロールパネル項目の実行',
    'rule.9383cd8a-2c3d-4dcc-8fbb-59fd55a28ad1.description':
      'プログラム互換性アシスタントが、Downloads などのユーザのフォルダにあるコントロールパネル項目 (.cpl、DLL) の実行を記録した。悪性の添付ファイルは開くと実行される .cpl ファイルとして送られる。Windows 自身の項目は System32、インストールされた項目は Program Files にある。',
    'rule.cb867aac-a703-4ccc-9799-47cb4bab410b.title': 'ユーザフォルダのコントロールパネル項目の起動',
    'rule.cb867aac-a703-4ccc-9799-47cb4bab410b.description':
      'control.exe または rundll32.exe (Control_RunDLL) に Downloads などのユーザのフォルダにあるコントロールパネル項目 (.cpl、DLL) が渡された。悪性の添付ファイルは開くと実行される .cpl ファイルとして送られる。',
    'rule.56d2625b-8ad8-4a5b-8082-fa5c3aca65cc.title':
      'スクリプトホストによるタスクスケジューラ API の読み込みと別ホストの RPC 呼び出し',
    'rule.56d2625b-8ad8-4a5b-8082-fa5c3aca65cc.description':
      'スクリプトホスト (PowerShell、スクリプトホスト、mshta、rundll32) がタスクスケジューラの COM ライブラリを読み込み、1 分以内に別のホストの RPC エンドポイントマッパー (135) に接続した。リモートでスケジュールされたタスクを作成してそこでコードを実行する横展開 (Invoke-TaskCmd、SharpTask、schtasks /s と同じ)。',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof TECHNIQUE_RULE_MESSAGES> {}
}

import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CLI_TRIAGE_MESSAGES = defineMessages(
  {
    'triage.description':
      'triage evidence (event logs, Linux logs, network logs, ...) into a case directory: timeline, findings, store, report',
    'triage.arg.evidence': 'evidence files or directories (.zip and .gz archives are unpacked into the case directory)',
    'triage.opt.out': 'case directory to write (created if missing)',
    'triage.opt.rules': 'Sigma/Hayabusa rule directory (repeatable)',
    'triage.opt.minLevel': 'lowest rule level in the timeline: informational, low, medium, high, critical',
    'triage.opt.from': 'only events at or after this time (ISO 8601, e.g. 2024-05-01T09:00+09:00)',
    'triage.opt.to': 'only events at or before this time',
    'triage.opt.computer': 'only events of this computer (host) name',
    'triage.opt.ioc': 'indicator file: plain list, STIX 2.1 or MISP (repeatable)',
    'triage.opt.threads': 'worker threads (default: number of cores)',
    'triage.opt.timezone':
      "time zone the case's times are shown in: timeline, findings, report (IANA name; default: the organisation's)",
    'triage.opt.trap': 'trap account names that must never log on (comma-separated)',
    'triage.opt.orgTimezone':
      "the organisation's time zone (IANA name): logs without a zone (syslog, BIND, filterlog, Snort) are read in it, business hours, nights, weekends and holidays are judged in it (default: what the evidence says, else this machine's zone, with a warning)",
    'triage.opt.businessHours': 'business hours of the organisation (default 08:00-20:00)',
    'triage.opt.workdays': 'work days (default mon-fri; e.g. mon-sat, 月-金)',
    'triage.opt.holidays':
      'file of company days off on top of the Japanese national holidays: YYYY-MM-DD, ranges A..B, yearly MM-DD (12-29..01-03 for 年末年始) (repeatable)',
    'triage.bad_holidays': '{file}:{line}: not a date or a range of dates: {text}',
    'triage.opt.domainAdmins': 'members of Domain Admins, to flag their logons on user terminals (comma-separated)',
    'triage.opt.userTerminals':
      'which machines are user terminals: host names, * patterns (PC-*), IPs or CIDRs (comma-separated), for --domain-admins',
    'triage.opt.allow': 'allow-list file of known-good destinations, hosts and User-Agents (repeatable)',
    'triage.opt.policy':
      'allowed internal flows (CSV src_cidr,dst_cidr,dst_port,proto) for policy-violation findings (repeatable)',
    'triage.opt.internal': 'internal networks (comma-separated CIDRs; default: RFC 1918 and fc00::/7)',
    'triage.opt.noBuiltin': "do not run konseki's own rules",
    'triage.opt.memoryLimit':
      "memory the case store may use (e.g. 2GB or 50%; default: DuckDB's, 80% of RAM); beyond it the store spills to the case directory",
    'triage.opt.dedupe':
      'timeline: drop detections that equal another in every column but the evidence file (the same events read twice; Hayabusa -X)',
    'triage.opt.dupData':
      'timeline: write DUP for Details and ExtraFieldInfo equal to the previous row of the same rule and computer (Hayabusa -R)',
    'triage.opt.fresh': 'start over even when an interrupted run into the same directory could be continued',
    'triage.resume.continue':
      'continuing the interrupted run in {out} ({phase}): {done} files were read completely and are not read again',
    'triage.resume.over': 'starting over in {out}: {why}',
    'triage.resume.why.asked': '--fresh was given',
    'triage.resume.why.complete': 'the earlier run completed',
    'triage.resume.why.changed': 'the evidence or the options differ from the interrupted run',
    'triage.resume.why.early': 'the interrupted run stopped before it had read anything',
    'triage.opt.followLinks':
      'follow symbolic links that stay inside the evidence (links leading out of it are never followed)',
    'triage.opt.force': 'write the case into a non-empty directory that is not a konseki case',
    'triage.rules_loaded': 'rules: {rules} loaded, {rejected} rejected ({seconds} s)',
    'triage.bad_time': 'not a time: {value}',
    'triage.bad_memory_limit': 'not a memory size: {value} (e.g. 2GB, 512MB or 50%)',
    'triage.bad_zone': 'unknown time zone: {value}',
    'hunt.description':
      'run new indicators or rules over a triaged case without reading the evidence again; rewrites findings, timeline, case.json and the report',
    'hunt.opt.case': 'the case directory written by konseki triage',
    'hunt.opt.rules': 'rule directory to run over the stored events (repeatable)',
    'hunt.done':
      'hunt: {out}: {events} stored events, {detections} detections of the given rules, {findings} findings ({high} high or critical), {rows} timeline rows, {seconds} s',
    'triage.sum.title': '== konseki triage: {out} ==',
    'triage.sum.inputs': 'Inputs: {files} files read ({events} events), {unrecognised} not recognised, {seconds} s',
    'triage.sum.formats': '  {format}: {files} files, {events} events',
    'triage.sum.levels': 'Detections by level: {levels} (timeline rows: {rows})',
    'triage.sum.top': 'Top rules:',
    'triage.sum.hosts': 'Hosts (verdict of the composite analysis, by severity):',
    'triage.sum.host':
      '  {host}: {verdict} ({confidence}%), rule hits critical {critical} / high {high}, findings {findings}; first {first}, last {last}',
    'triage.sum.patient_zero': '← patient zero',
    'triage.sum.edge': '  spread: {from} → {to} ({label}) at {time}',
    'triage.verdict.compromised': 'COMPROMISED',
    'triage.verdict.suspicious': 'suspicious',
    'triage.verdict.unknown': 'unknown',
    'triage.sum.findings': 'Findings: {kinds}',
    'triage.sum.coverage': 'Evidence coverage (logs missing per host, and what could not run for it):',
    'triage.sum.none': '  (none)',
    'triage.sum.tampering': '! Evidence tampering or gaps: the timeline before these points cannot be trusted:',
    'triage.sum.outputs':
      'Written: timeline.csv, timeline.jsonl, findings.jsonl, case.json, case.duckdb, report.html, report.md, evidence-manifest.json, custody.jsonl',
    'triage.sum.evidence_ok': 'Evidence verified unchanged ({files} files, SHA-256).',
    'triage.sum.no_evidence': '! No evidence file could be read: the case is empty (see problems above).',
    'triage.sum.unread': '! Not everything could be read: {count} files or archive members (✗ above; exit code 3).',
    'triage.sum.links_outside': '! {count} links leading out of the evidence were not followed (listed above).',
    'triage.sum.bad_times':
      '! {count} records with an unreadable or impossible time: kept without a time and left out of the analyses.',
    'triage.sum.evidence_bad': '! Evidence changed during the run: {count} files (see problems above; exit code 4).',
  },
  {
    'triage.description':
      '証拠 (イベントログ・Linux ログ・ネットワークログなど) を解析し、ケースディレクトリにタイムライン・検知結果・DB・レポートを書き出す',
    'triage.arg.evidence': '証拠ファイルまたはディレクトリ (.zip と .gz はケースディレクトリ内に展開)',
    'triage.opt.out': '書き出すケースディレクトリ (なければ作成)',
    'triage.opt.rules': 'Sigma/Hayabusa ルールのディレクトリ (複数指定可)',
    'triage.opt.minLevel': 'タイムラインに載せる最低ルールレベル: informational, low, medium, high, critical',
    'triage.opt.from': 'この時刻以降のイベントのみ (ISO 8601 例: 2024-05-01T09:00+09:00)',
    'triage.opt.to': 'この時刻以前のイベントのみ',
    'triage.opt.computer': 'このコンピュータ (ホスト) 名のイベントのみ',
    'triage.opt.ioc': 'IOC ファイル: テキスト一覧・STIX 2.1・MISP (複数指定可)',
    'triage.opt.threads': 'ワーカースレッド数 (既定: コア数)',
    'triage.opt.timezone':
      'ケースの時刻 (タイムライン・所見・報告書) を表示するタイムゾーン (IANA 名。既定: 組織のタイムゾーン)',
    'triage.opt.trap': 'ログオンしてはならないトラップアカウント名 (カンマ区切り)',
    'triage.opt.orgTimezone':
      '組織のタイムゾーン (IANA 名)。タイムゾーン表記のないログ (syslog・BIND・filterlog・Snort) の時刻はこのタイムゾーンで読み、業務時間・夜間・週末・休日もこのタイムゾーンで判断する (既定: 証拠から推定し、できなければこのマシンの設定を使って警告する)',
    'triage.opt.businessHours': '組織の業務時間 (既定 08:00-20:00)',
    'triage.opt.workdays': '勤務日 (既定 mon-fri。例: mon-sat、月-金)',
    'triage.opt.holidays':
      '国民の祝日に加える会社の休業日のファイル: YYYY-MM-DD、範囲 A..B、毎年の MM-DD (年末年始なら 12-29..01-03) (複数指定可)',
    'triage.bad_holidays': '{file}:{line}: 日付でも日付の範囲でもありません: {text}',
    'triage.opt.domainAdmins': 'Domain Admins のメンバー。利用者端末でのログオンを検知する (カンマ区切り)',
    'triage.opt.userTerminals':
      '利用者端末とするマシン: ホスト名、* パターン (PC-* など)、IP アドレスまたは CIDR (カンマ区切り)。--domain-admins と併用',
    'triage.opt.allow': '既知の正常な通信先・ホスト・User-Agent の許可リスト (複数指定可)',
    'triage.opt.policy':
      '許可された内部通信 (CSV: src_cidr,dst_cidr,dst_port,proto)。ポリシー違反の検知に使う (複数指定可)',
    'triage.opt.internal': '内部ネットワーク (CIDR をカンマ区切り。既定: RFC 1918 と fc00::/7)',
    'triage.opt.noBuiltin': 'konseki 独自のルールを実行しない',
    'triage.opt.memoryLimit':
      'ケースストアが使うメモリの上限 (例: 2GB、50%。既定は DuckDB の既定値で RAM の 80%)。超えた分はケースディレクトリに書き出します',
    'triage.opt.dedupe':
      'タイムライン: 証拠ファイル以外の列がすべて同じ検知を 1 行にまとめる (同じイベントを二重に読んだ場合。Hayabusa の -X)',
    'triage.opt.dupData':
      'タイムライン: 同じルール・同じコンピュータの直前の行と同じ Details と ExtraFieldInfo を DUP と書く (Hayabusa の -R)',
    'triage.opt.fresh': '同じディレクトリへの中断された実行を続けられる場合でも、最初からやり直す',
    'triage.resume.continue':
      '{out} への中断された実行 ({phase}) を続けます: 読み終えた {done} ファイルは読み直しません',
    'triage.resume.over': '{out} で最初からやり直します: {why}',
    'triage.resume.why.asked': '--fresh が指定されました',
    'triage.resume.why.complete': '前回の実行は完了しています',
    'triage.resume.why.changed': '証拠ファイルまたはオプションが中断された実行と異なります',
    'triage.resume.why.early': '中断された実行は何も読み込む前に止まっていました',
    'triage.opt.followLinks': '証拠の中を指すシンボリックリンクをたどる (証拠の外を指すリンクはたどりません)',
    'triage.opt.force': '空でなく konseki のケースでもないディレクトリにケースを書き込む',
    'triage.rules_loaded': 'ルール: {rules} 件を読み込み、{rejected} 件を除外 ({seconds} 秒)',
    'triage.bad_time': '時刻として解釈できません: {value}',
    'triage.bad_memory_limit': 'メモリ量として解釈できません: {value} (例: 2GB、512MB、50%)',
    'triage.bad_zone': '不明なタイムゾーンです: {value}',
    'hunt.description':
      'トリアージ済みのケースに、証拠ファイルを読み直さずに新しい IOC やルールを適用します。findings、タイムライン、case.json、レポートを書き直します',
    'hunt.opt.case': 'konseki triage が出力したケースディレクトリ',
    'hunt.opt.rules': '保存済みイベントに適用するルールのディレクトリ (複数指定可)',
    'hunt.done':
      'hunt: {out}: 保存済みイベント {events} 件、指定ルールの検知 {detections} 件、検出結果 {findings} 件 (high 以上 {high} 件)、タイムライン {rows} 行、{seconds} 秒',
    'triage.sum.title': '== konseki トリアージ: {out} ==',
    'triage.sum.inputs':
      '入力: {files} ファイルを読み込み ({events} イベント)、未対応の形式 {unrecognised} ファイル、{seconds} 秒',
    'triage.sum.formats': '  {format}: {files} ファイル、{events} イベント',
    'triage.sum.levels': 'レベル別の検知数: {levels} (タイムライン {rows} 行)',
    'triage.sum.top': '検知の多いルール:',
    'triage.sum.hosts': 'ホスト (複合分析による判定、深刻度順):',
    'triage.sum.host':
      '  {host}: {verdict} ({confidence}%)、ルール検知 緊急 {critical} / 高 {high}、所見 {findings}。起点 {first}、最終 {last}',
    'triage.sum.patient_zero': '← 最初の感染端末 (patient zero)',
    'triage.sum.edge': '  拡散: {from} → {to} ({label}) {time}',
    'triage.verdict.compromised': '侵害あり',
    'triage.verdict.suspicious': '不審',
    'triage.verdict.unknown': '不明',
    'triage.sum.findings': '所見: {kinds}',
    'triage.sum.coverage': '証拠の不足 (ホストごとに足りないログと、そのため実行できなかった分析):',
    'triage.sum.none': '  (なし)',
    'triage.sum.tampering': '! 証拠の改ざん・欠落: 以下の時点より前のタイムラインは信頼できません:',
    'triage.sum.outputs':
      '出力: timeline.csv, timeline.jsonl, findings.jsonl, case.json, case.duckdb, report.html, report.md, evidence-manifest.json, custody.jsonl',
    'triage.sum.evidence_ok': '証拠ファイルが変化していないことを SHA-256 で確認しました ({files} ファイル)。',
    'triage.sum.no_evidence': '! 読める証拠ファイルがありませんでした: ケースは空です (上記の問題を参照)。',
    'triage.sum.unread':
      '! 読めなかったものがあります: ファイルまたはアーカイブ内のファイル {count} 件 (上記の ✗。終了コード 3)。',
    'triage.sum.links_outside': '! 証拠の外を指すリンク {count} 件はたどっていません (上記に一覧)。',
    'triage.sum.bad_times':
      '! 時刻が読めないか不正なレコードが {count} 件あります: 時刻なしで保存し、分析には使っていません。',
    'triage.sum.evidence_bad':
      '! 実行中に証拠ファイルが変化しました: {count} ファイル (上の問題一覧を参照。終了コード 4)。',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CLI_TRIAGE_MESSAGES> {}
}

import { defineMessages, type Params, type KeysOf } from '../i18n/index.ts';

const REASONS_EN: Record<string, string> = {
  syntax: 'does not parse',
  ambiguous: 'ambiguous (leading zero: octal or decimal?)',
  zone: 'has an IPv6 zone',
  prefix: 'bad prefix length',
  empty: 'empty',
  'too-long': 'too long',
  label: 'a label is not letters, digits, hyphen (and underscore)',
  tld: 'not a top-level domain',
  'single-label': 'single label (would block a whole TLD or a local name)',
  idna: 'not a valid internationalized name',
  scheme: 'not http, https or ftp',
  host: 'the host does not parse',
  'too-broad': 'network too broad for an indicator (use a response level instead)',
  kind: 'unknown account kind',
  action: 'unknown account action',
  fqdn: 'not a host name pfSense can resolve',
  'too-long-for-rpz': 'too long once the RPZ zone name is appended',
  'internal-too-broad': 'an internal network this broad makes every address internal: external rules would never match',
  'public-suffix': 'a public suffix (blocking it blocks every domain under it)',
  'public-suffix-host': 'its host is a public suffix: only the URL is blocked at the proxy',
  group: 'not a group name',
  port: 'port out of range',
};
const REASONS_JA: Record<string, string> = {
  syntax: '解析できません',
  ambiguous: '曖昧です (先頭の 0 は 8 進数か 10 進数か判断できません)',
  zone: 'IPv6 ゾーン ID 付きです',
  prefix: 'プレフィックス長が不正です',
  empty: '空です',
  'too-long': '長すぎます',
  label: '英数字・ハイフン (・アンダースコア) 以外を含むラベルがあります',
  tld: 'トップレベルドメインではありません',
  'single-label': 'ラベルが 1 つだけです (TLD 全体や内部名の遮断になります)',
  idna: '国際化ドメイン名として不正です',
  scheme: 'http / https / ftp ではありません',
  host: 'ホスト部を解析できません',
  'too-broad': '指標としては範囲が広すぎます (対処レベルで指定してください)',
  kind: '不明なアカウント種別です',
  action: '不明なアカウント操作です',
  fqdn: 'pfSense が名前解決できるホスト名ではありません',
  'too-long-for-rpz': 'RPZ ゾーン名を付けると長すぎます',
  'internal-too-broad':
    'これほど広い内部ネットワークではすべてのアドレスが内部扱いになり、外部向けのルールが一切適用されません',
  'public-suffix': 'パブリックサフィックスです (遮断するとその下のすべてのドメインが遮断されます)',
  'public-suffix-host': 'ホスト部がパブリックサフィックスのため、プロキシで URL だけを遮断します',
  group: 'グループ名として不正です',
  port: 'ポート番号が範囲外です',
};

function reason(
  table: Record<string, string>,
  p: Params,
  protectedText: string,
  managementText: string,
  specialText: string,
): string {
  const r = String(p.reason ?? '');
  const [head, arg] = r.includes(':') ? [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)] : [r, ''];
  if (head === 'protected') return protectedText.replace('{x}', arg);
  if (head === 'management') return managementText.replace('{x}', arg);
  if (head === 'special') return specialText.replace('{x}', arg);
  return table[r] ?? r;
}

const RESPOND_MESSAGES = defineMessages(
  {
    'respond.rejected': (p: Params) =>
      `${p.kind} ${p.value} not used: ${reason(REASONS_EN, p, 'overlaps a management host or mail server ({x})', 'is also a management host ({x})', 'special address range ({x})')}`,
    'respond.internal_indicator': '{kind} {value} is an internal address: it will be blocked like an external one',
    'respond.host_bits': '{kind} {value} has host bits set: using {canonical}',
    'respond.host_not_internal':
      'compromised host {value} is outside the internal networks: pass --internal with your own ranges, or its internal peers count as external',
    'respond.isolate_no_hosts': 'level isolate-hosts needs compromised hosts (--hosts or case.json hosts)',
    'respond.isolate_no_mgmt':
      'no management hosts given: isolated hosts will be unreachable for the investigation too',
    'respond.no_mail_servers': 'no mail servers given: all-but-mail blocks mail too (use --mail)',
    'respond.skipped': (p: Params) => `${p.system}: ${p.value} left out: ${REASONS_EN[String(p.reason)] ?? p.reason}`,
    'respond.ioc_trailing': 'text after the first value on this line was ignored',
    'respond.bad_case_file': 'cannot read {file}: {message}',
    'respond.nothing': 'nothing to contain: no usable indicators, hosts or accounts',
    'respond.internal_too_broad':
      'refused: --internal {value} covers (almost) every address, so rules for "external" traffic would never match; give your own ranges (each at most /8 for IPv4, /7 for IPv6)',
    'respond.blocks_nothing':
      'level {level} blocks nothing here: no indicator above confidence {min} and no host to contain; see RESPONSE.md for what is left for a human',
    'respond.unresolved_hosts':
      '{count} compromised host(s) have no address ({names}): listed in RESPONSE.md as manual steps; give them with --hosts NAME=IP',
    'respond.opt.minConfidence':
      'block indicators judged from behaviour at or above this confidence (0–1, default 0.5); the rest are listed for a human',
    'respond.bad_confidence': '--min-confidence must be a number from 0 to 1 (got {value})',
    'respond.opt.allow': 'allow-list file (as for triage): destinations it names are never blocked; repeatable',
    'respond.opt.stopService':
      'public service to stop on a compromised host, HOST:SERVICE (e.g. web01:apache2); repeatable',
    'respond.opt.timezone': "IANA time zone of the times in RESPONSE.md (default: the case's display zone)",
    'respond.need_dir': 'give --case DIR or --out DIR',
    'respond.description':
      'write ready-to-apply containment artifacts (firewalls, proxy, DNS sinkholes, Windows Firewall, accounts) for a case',
    'respond.opt.case': 'case directory (reads case.json there; artifacts go to its respond/ directory)',
    'respond.opt.level': 'response level: watch (log only), cnc-only, all-but-mail, all-external or isolate-hosts',
    'respond.opt.hosts': 'compromised hosts, comma-separated IP, IP=name or name=IP',
    'respond.opt.ioc': 'plain indicator list (one IP, CIDR, domain or URL per line); repeatable',
    'respond.opt.out': 'output directory (default: <case>/respond)',
    'respond.opt.mail': 'mail servers that stay reachable at all-but-mail (comma-separated IP/CIDR)',
    'respond.opt.mgmt': 'management / forensics hosts that keep access (comma-separated IP/CIDR)',
    'respond.opt.internal': 'internal networks (comma-separated CIDR; default RFC 1918 + fc00::/7)',
    'respond.opt.account':
      'account to act on: [kind:]name[:action], kind ad|windows-local|linux, action disable|reset-password|remove-privileges|delete; repeatable',
    'respond.opt.urlScope': 'block the hosts of URL indicators too (host) or only the URLs at the proxy (exact)',
    'respond.opt.pfIface': 'pfSense interfaces for the floating rules (comma-separated, default lan)',
    'respond.opt.caseId': 'case id used in rule names (default: the case directory name)',
    'respond.written':
      'wrote {files} files to {dir} (level {level}: {nets} addresses/networks, {domains} domains, {urls} URLs, {hosts} hosts, {accounts} accounts; {rejected} values refused)',
  },
  {
    'respond.rejected': (p: Params) =>
      `${p.kind} ${p.value} は使いません: ${reason(REASONS_JA, p, '管理端末またはメールサーバ ({x}) と重なります', '管理端末 ({x}) でもあります', '特殊用途のアドレス範囲です ({x})')}`,
    'respond.internal_indicator': '{kind} {value} は内部アドレスです: 外部と同様に遮断されます',
    'respond.host_bits': '{kind} {value} はホスト部が 0 ではありません: {canonical} として扱います',
    'respond.host_not_internal':
      '侵害ホスト {value} は内部ネットワークの範囲外です: --internal で自組織のアドレス範囲を指定してください (指定しないと内部の通信相手も外部扱いになります)',
    'respond.isolate_no_hosts': 'isolate-hosts には侵害ホストの指定が必要です (--hosts または case.json の hosts)',
    'respond.isolate_no_mgmt': '管理端末が指定されていません: 隔離したホストには調査用にも接続できなくなります',
    'respond.no_mail_servers':
      'メールサーバが指定されていません: all-but-mail でもメールが遮断されます (--mail で指定)',
    'respond.skipped': (p: Params) =>
      `${p.system}: ${p.value} は含めません: ${REASONS_JA[String(p.reason)] ?? p.reason}`,
    'respond.ioc_trailing': 'この行の最初の値より後ろは無視しました',
    'respond.bad_case_file': '{file} を読めません: {message}',
    'respond.nothing': '封じ込めの対象がありません: 使える指標・ホスト・アカウントがありません',
    'respond.internal_too_broad':
      '拒否しました: --internal {value} はほぼすべてのアドレスを含むため、「外部」向けのルールが一切適用されません。自組織のアドレス範囲を指定してください (IPv4 は /8、IPv6 は /7 より狭く)',
    'respond.blocks_nothing':
      'レベル {level} ではここで遮断するものがありません: 確度 {min} 以上の指標も封じ込めるホストもありません。人の判断に残したものは RESPONSE.md を参照してください',
    'respond.unresolved_hosts':
      '侵害ホスト {count} 台のアドレスが不明です ({names})。RESPONSE.md に手作業として記載しました。--hosts 名前=IP で指定してください',
    'respond.opt.minConfidence':
      '振る舞いから判定した指標のうち、この確度以上のものを遮断する (0〜1、既定 0.5)。それ以外は人の判断用に列挙する',
    'respond.bad_confidence': '--min-confidence には 0 から 1 の数値を指定してください (指定値: {value})',
    'respond.opt.allow': '許可リストファイル (triage と同じ形式)。記載された接続先は遮断しない。複数指定可',
    'respond.opt.stopService': '侵害ホストで停止する公開サービス (ホスト:サービス、例 web01:apache2)。複数指定可',
    'respond.opt.timezone': 'RESPONSE.md の時刻の IANA タイムゾーン (既定: ケースの表示タイムゾーン)',
    'respond.need_dir': '--case DIR または --out DIR を指定してください',
    'respond.description':
      'ケースの封じ込め設定 (ファイアウォール・プロキシ・DNS シンクホール・Windows ファイアウォール・アカウント) をすぐ適用できる形で出力する',
    'respond.opt.case': 'ケースディレクトリ (case.json を読み、出力は respond/ に置く)',
    'respond.opt.level': '対処レベル: watch (ログのみ), cnc-only, all-but-mail, all-external, isolate-hosts',
    'respond.opt.hosts': '侵害ホスト (カンマ区切りの IP、IP=名前 または 名前=IP)',
    'respond.opt.ioc': '指標リスト (1 行に IP・CIDR・ドメイン・URL を 1 つ)。複数指定可',
    'respond.opt.out': '出力ディレクトリ (既定: <ケース>/respond)',
    'respond.opt.mail': 'all-but-mail で通信を残すメールサーバ (カンマ区切りの IP/CIDR)',
    'respond.opt.mgmt': '接続を残す管理・フォレンジック端末 (カンマ区切りの IP/CIDR)',
    'respond.opt.internal': '内部ネットワーク (カンマ区切りの CIDR。既定は RFC 1918 と fc00::/7)',
    'respond.opt.account':
      '対処するアカウント: [種別:]名前[:操作]。種別 ad|windows-local|linux、操作 disable|reset-password|remove-privileges|delete。複数指定可',
    'respond.opt.urlScope': 'URL 指標のホスト自体も遮断する (host) か、プロキシで URL だけを遮断する (exact) か',
    'respond.opt.pfIface': 'pfSense のフローティングルールを適用するインタフェース (カンマ区切り、既定 lan)',
    'respond.opt.caseId': 'ルール名に使うケース ID (既定: ケースディレクトリ名)',
    'respond.written':
      '{dir} に {files} ファイルを出力しました (レベル {level}: アドレス/ネットワーク {nets}、ドメイン {domains}、URL {urls}、ホスト {hosts}、アカウント {accounts}、採用しなかった値 {rejected})',
  },
);

// how RESPONSE.md is written
const RESPOND_WRITE_MESSAGES = defineMessages(
  {
    'respond.judged.role.c2': 'C&C',
    'respond.judged.role.download': 'download',
    'respond.judged.role.exfil': 'exfiltration',
    'respond.judged.role.attacker': 'attacker',
    'respond.how.pf_aliases':
      'Firewall > Aliases: create the aliases above (or merge them into config.xml under <aliases>)',
    'respond.how.pf_watch_rules':
      'Firewall > Rules > {iface}: create the pass rules above (with Log) just above the rule that passes this traffic today (usually "Default allow LAN to any")',
    'respond.how.pf_watch_logs':
      'Status > System Logs > Firewall: filter on the rule descriptions to see which terminals talk to the C&C',
    'respond.how.pf_floating':
      'Firewall > Rules > Floating: create the rules above in this order, at the top, interface {ifaces}',
    'respond.how.pf_immediate': 'the command above blocks at once, until the next filter reload',
    'respond.how.pf_delete':
      'delete the floating rules whose description starts with "konseki {tok}", then the aliases {aliases}',
    'respond.how.pf_urltable_copy': 'copy to {path} (or serve it over HTTPS and set the alias URL)',
    'respond.how.pf_urltable_update': 'Diagnostics > Tables: update the alias',
    'respond.how.pf_urltable_delete': 'delete the URL table alias and the file',
    'respond.how.bind_include': 'add bind-named.conf to named.conf, then:',
    'respond.how.bind_remove': 'remove the response-policy entry and the zone from named.conf, then:',
    'respond.how.squid_watch': 'nothing to apply at level watch: search access.log as the file says',
    'respond.how.squid_include': 'add "include {file}" before the first http_access allow',
    'respond.how.squid_tunnels':
      'tunnels (CONNECT) opened before the reconfigure stay up until they close: see the step that cuts open sessions',
    'respond.how.squid_remove': 'remove the include line and {file}',
    'respond.how.pf_kill':
      'after the pfSense rules, on pfSense (or Diagnostics > States: filter on each address, Kill):',
    'respond.how.conntrack': 'after nftables.nft or iptables-ipset.sh:',
    'respond.how.no_rollback': 'nothing to roll back (allowed connections open again by themselves)',
    'respond.how.ausearch': 'what ran since:',
    'respond.how.notice_send': 'the security officer sends the notice (fill in the CSIRT contact)',
    'respond.how.notice_clear': 'send the all-clear at the end of the file',
    'respond.md.title': 'konseki first response (temporary measures) — case {case}',
    'respond.md.generated': 'Generated',
    'respond.md.level': 'Level',
    'respond.md.level.cnc-only': 'block the C&C addresses, domains and URLs only',
    'respond.md.level.all-but-mail': 'block all external traffic of the compromised hosts except mail',
    'respond.md.level.all-external': 'block all external traffic of the compromised hosts',
    'respond.md.level.isolate-hosts':
      'cut the compromised hosts off from everything, internal too, except the management hosts',
    'respond.md.level.watch': 'block nothing: log (and pass) the traffic to the C&C, to see which terminals talk to it',
    'respond.md.scope': 'Applies to',
    'respond.md.scope.none': 'traffic to and from the indicators',
    'respond.md.scope.hosts': 'the compromised hosts listed below',
    'respond.md.scope.site': 'the whole site (no compromised host was named), except the management hosts',
    'respond.md.counts': 'Indicators: {nets} addresses/networks, {domains} domains, {urls} URLs, {ports} address:port',
    'respond.md.judged':
      'Judged from behaviour: {blocked} at or above confidence {min} used, {review} left for a human (see below)',
    'respond.md.steps': 'Steps in order',
    'respond.md.step': 'Step',
    'respond.md.who': 'Who',
    'respond.md.record_hint':
      'Record each step when done: `konseki case contain applied S3 --case <dir> --author <name>` (and `rolled-back` when undone).',
    'respond.md.unresolved': 'Manual steps: compromised hosts without an address ({count})',
    'respond.md.unresolved_hint':
      'The evidence names these hosts but no address for them (no logon, DNS answer or DHCP lease pairs the name with an address). Find the address (DHCP server, DNS, asset list) and run respond again with `--hosts NAME=IP`; until then isolate them by hand.',
    'respond.md.held': 'Hosts not contained ({count})',
    'respond.held.infrastructure':
      'an internal {role} of the organisation: isolating it cuts every client; decide by hand (its clients are listed as hosts when they are compromised)',
    'respond.held.indicators-not-blocked':
      'listed only because it contacted indicators that are below the threshold or excluded',
    'respond.md.indicator': 'Indicator',
    'respond.md.confidence': 'Confidence',
    'respond.md.role': 'Role',
    'respond.md.contacted_by': 'Contacted by',
    'respond.md.basis': 'Findings',
    'respond.md.judged_blocked': 'Indicators judged from behaviour, blocked (confidence ≥ {min})',
    'respond.md.judged_review': 'Indicators for a human to review (not blocked)',
    'respond.excluded.allow-list': 'on the allow-list',
    'respond.excluded.prevalent': 'used by most of the organisation',
    'respond.excluded.public-suffix': 'a public suffix',
    'respond.role.security-officer': 'Security officer (情報セキュリティ責任者)',
    'respond.role.it-department': 'LAN administrators, IT department (情報システム部門)',
    'respond.role.department-admin': 'LAN administrators of the departments (各事業部門)',
    'respond.role.users': 'Users',
    'respond.role.external-experts': 'External experts',
    'respond.role.isp': 'ISP',
    'respond.step.decide':
      'Decide on level {level} with the measures and impacts below, and record it: konseki case phase B done',
    'respond.step.preserve':
      'Preserve evidence on the hosts to contain before anything the attacker can notice (memory, disk, logs); do not power them off',
    'respond.step.resolve': 'Find the addresses of the hosts known only by name (manual step below)',
    'respond.step.infrastructure': 'Decide about the infrastructure hosts that were not isolated (below)',
    'respond.step.review': 'Review the indicators below the threshold (table below); add the confirmed ones with --ioc',
    'respond.step.firewall': 'Apply the firewall rules (the files of the firewalls you have)',
    'respond.step.watch':
      'Add the watch rules (pass and log) and read the firewall log for the terminals that talk to the C&C',
    'respond.step.states': 'Cut the sessions already open (after the rules)',
    'respond.step.proxy-dns': 'Apply the proxy and DNS sinkhole files',
    'respond.step.watch-dns': 'Log the C&C names at the resolvers',
    'respond.step.hosts': 'On the hosts themselves: host firewall, stop the public services',
    'respond.step.accounts': 'Accounts: disable, reset, remove privileges, delete (after the evidence is kept)',
    'respond.step.monitoring': 'Raise monitoring on the hosts',
    'respond.step.notice': 'Send the notice to users',
    'respond.step.record':
      'Record what was applied, when and by whom: konseki case contain applied <step> (and konseki case phase C done)',
    'respond.md.hosts': 'Compromised hosts',
    'respond.md.mgmt': 'Management / forensics hosts (keep access)',
    'respond.md.mail': 'Mail servers',
    'respond.md.internal': 'Internal networks',
    'respond.md.accounts': 'Accounts',
    'respond.md.warning':
      'Review every file before applying it. Preserve evidence (memory, disks, logs) before measures the attacker can notice, and record each step with `konseki case phase C start` / `konseki case note`.',
    'respond.md.files': 'Files',
    'respond.md.file': 'File',
    'respond.md.system': 'System',
    'respond.md.apply': 'Apply',
    'respond.md.rollback': 'Rollback',
    'respond.md.impact': 'Measures and their impact (C / I / A)',
    'respond.md.seed': 'Measure (temporary-measures table)',
    'respond.md.c': 'Confidentiality',
    'respond.md.i': 'Integrity',
    'respond.md.a': 'Availability',
    'respond.md.evidence': 'Evidence and caution',
    'respond.md.in_files': 'In',
    'respond.md.refused': 'Values not used ({count})',
    'respond.md.where': 'Where',
    'respond.md.what': 'What',
    'respond.md.none': 'None.',
  },
  {
    'respond.judged.role.c2': 'C&C',
    'respond.judged.role.download': 'ダウンロード元',
    'respond.judged.role.exfil': '流出先',
    'respond.judged.role.attacker': '攻撃元',
    'respond.how.pf_aliases':
      'Firewall > Aliases: 上記のエイリアスを作成する (または config.xml の <aliases> に統合する)',
    'respond.how.pf_watch_rules':
      'Firewall > Rules > {iface}: 上記の通過ルール (ログ有効) を、今この通信を通しているルール (通常は "Default allow LAN to any") のすぐ上に作成する',
    'respond.how.pf_watch_logs':
      'Status > System Logs > Firewall: ルールの説明で絞り込み、C&C と通信している端末を確認する',
    'respond.how.pf_floating':
      'Firewall > Rules > Floating: 上記のルールをこの順に先頭へ作成する (インタフェース {ifaces})',
    'respond.how.pf_immediate': '上のコマンドはすぐに遮断し、次にフィルタを再読み込みするまで有効',
    'respond.how.pf_delete':
      '説明が "konseki {tok}" で始まるフローティングルールを削除し、続けてエイリアス {aliases} を削除する',
    'respond.how.pf_urltable_copy': '{path} にコピーする (または HTTPS で公開し、エイリアスの URL に設定する)',
    'respond.how.pf_urltable_update': 'Diagnostics > Tables: エイリアスを更新する',
    'respond.how.pf_urltable_delete': 'URL テーブルのエイリアスとファイルを削除する',
    'respond.how.bind_include': 'bind-named.conf の内容を named.conf に追加し、続けて:',
    'respond.how.bind_remove': 'named.conf から response-policy の項目とゾーンを削除し、続けて:',
    'respond.how.squid_watch':
      'watch レベルでは適用するものはありません。ファイルの説明どおりに access.log を検索してください',
    'respond.how.squid_include': '最初の http_access allow の前に "include {file}" を追加する',
    'respond.how.squid_tunnels':
      '再設定の前に開いたトンネル (CONNECT) は閉じるまで残る。確立済みセッションを切断する手順を参照',
    'respond.how.squid_remove': 'include 行と {file} を削除する',
    'respond.how.pf_kill':
      'pfSense のルールを適用した後、pfSense 上で (または Diagnostics > States で各アドレスを絞り込んで Kill):',
    'respond.how.conntrack': 'nftables.nft または iptables-ipset.sh を適用した後:',
    'respond.how.no_rollback': '戻す必要はない (許可された接続は自動的に再び開く)',
    'respond.how.ausearch': 'それ以降に実行されたものの確認:',
    'respond.how.notice_send': '情報セキュリティ責任者が通知を送る (CSIRT の連絡先を記入する)',
    'respond.how.notice_clear': 'ファイル末尾の解除の連絡を送る',
    'respond.md.title': 'konseki 初動対応 (暫定対処) — ケース {case}',
    'respond.md.generated': '生成日時',
    'respond.md.level': '対処レベル',
    'respond.md.level.cnc-only': 'C&C のアドレス・ドメイン・URL だけを遮断',
    'respond.md.level.all-but-mail': '侵害ホストのメール以外の外部通信をすべて遮断',
    'respond.md.level.all-external': '侵害ホストの外部通信をすべて遮断',
    'respond.md.level.isolate-hosts': '侵害ホストを管理端末以外のすべて (内部を含む) から切り離す',
    'respond.md.level.watch': '遮断せず、C&C との通信を許可したままログに残し、通信している端末を洗い出す',
    'respond.md.scope': '対象',
    'respond.md.scope.none': '指標との通信',
    'respond.md.scope.hosts': '下記の侵害ホスト',
    'respond.md.scope.site': 'サイト全体 (侵害ホストの指定がないため)。管理端末を除く',
    'respond.md.counts': '指標: アドレス/ネットワーク {nets}、ドメイン {domains}、URL {urls}、アドレス:ポート {ports}',
    'respond.md.judged':
      '振る舞いから判定した指標: 確度 {min} 以上の {blocked} 件を使用、{review} 件は人の判断へ (下記)',
    'respond.md.steps': '実施手順 (順番)',
    'respond.md.step': '手順',
    'respond.md.who': '担当',
    'respond.md.record_hint':
      '各手順の実施後に記録してください: `konseki case contain applied S3 --case <dir> --author <名前>` (戻した場合は `rolled-back`)。',
    'respond.md.unresolved': '手作業: アドレス不明の侵害ホスト ({count} 台)',
    'respond.md.unresolved_hint':
      '証拠にはこれらのホスト名がありますが、アドレスが分かりません (名前とアドレスを結び付けるログオン・DNS 応答・DHCP リースがありません)。DHCP サーバ・DNS・資産台帳でアドレスを調べ、`--hosts 名前=IP` を付けて respond を再実行してください。それまでは手作業で隔離してください。',
    'respond.md.held': '封じ込めの対象から外したホスト ({count} 台)',
    'respond.held.infrastructure':
      '組織の内部 {role} です。隔離するとすべてのクライアントの通信が止まるため、人が判断してください (侵害されたクライアントはホストとして列挙されます)',
    'respond.held.indicators-not-blocked': 'しきい値未満または除外された指標と通信しただけのため',
    'respond.md.indicator': '指標',
    'respond.md.confidence': '確度',
    'respond.md.role': '役割',
    'respond.md.contacted_by': '通信した端末',
    'respond.md.basis': '根拠となった所見',
    'respond.md.judged_blocked': '振る舞いから判定し遮断する指標 (確度 {min} 以上)',
    'respond.md.judged_review': '人が確認すべき指標 (遮断しない)',
    'respond.excluded.allow-list': '許可リストにあります',
    'respond.excluded.prevalent': '組織の大半が利用しています',
    'respond.excluded.public-suffix': 'パブリックサフィックスです',
    'respond.role.security-officer': '情報セキュリティ責任者',
    'respond.role.it-department': 'LAN管理・運用者 (情報システム部門)',
    'respond.role.department-admin': 'LAN管理・運用者 (各事業部門)',
    'respond.role.users': '利用者',
    'respond.role.external-experts': '外部専門組織',
    'respond.role.isp': 'ISP事業者',
    'respond.step.decide':
      '下記の措置と影響を確認してレベル {level} の実施を判断し、記録する: konseki case phase B done',
    'respond.step.preserve':
      '攻撃者に気付かれる措置の前に、対象ホストの証拠を保全する (メモリ・ディスク・ログ)。電源は切らない',
    'respond.step.resolve': '名前しか分からないホストのアドレスを調べる (下記の手作業)',
    'respond.step.infrastructure': '隔離しなかった基盤ホストについて判断する (下記)',
    'respond.step.review': 'しきい値未満の指標を確認する (下表)。確認できたものは --ioc で追加する',
    'respond.step.firewall': 'ファイアウォールのルールを適用する (使っているファイアウォールのファイル)',
    'respond.step.watch': '監視ルール (許可とログ) を追加し、C&C と通信する端末をファイアウォールのログで確認する',
    'respond.step.states': '確立済みのセッションを切断する (ルール適用の後)',
    'respond.step.proxy-dns': 'プロキシと DNS シンクホールの設定を適用する',
    'respond.step.watch-dns': 'リゾルバで C&C の名前の問い合わせを記録する',
    'respond.step.hosts': '各ホスト上で: ホストのファイアウォール、公開サービスの停止',
    'respond.step.accounts': 'アカウント: 無効化・PW リセット・権限削除・削除 (証拠保全の後)',
    'respond.step.monitoring': 'ホストの監視を強化する',
    'respond.step.notice': '利用者へ注意喚起を送る',
    'respond.step.record':
      '何を・いつ・誰が実施したかを記録する: konseki case contain applied <手順> (完了したら konseki case phase C done)',
    'respond.md.hosts': '侵害ホスト',
    'respond.md.mgmt': '管理・フォレンジック端末 (接続を維持)',
    'respond.md.mail': 'メールサーバ',
    'respond.md.internal': '内部ネットワーク',
    'respond.md.accounts': 'アカウント',
    'respond.md.warning':
      '適用前に各ファイルを必ず確認してください。攻撃者に気付かれる措置の前に証拠 (メモリ・ディスク・ログ) を保全し、各手順を `konseki case phase C start` / `konseki case note` で記録してください。',
    'respond.md.files': 'ファイル',
    'respond.md.file': 'ファイル',
    'respond.md.system': '対象システム',
    'respond.md.apply': '適用',
    'respond.md.rollback': 'ロールバック',
    'respond.md.impact': '措置と影響 (機密性・完全性・可用性)',
    'respond.md.seed': '措置 (暫定対処策一覧)',
    'respond.md.c': '機密性',
    'respond.md.i': '完全性',
    'respond.md.a': '可用性',
    'respond.md.evidence': '証拠保全と注意',
    'respond.md.in_files': '対応ファイル',
    'respond.md.refused': '使わなかった値 ({count} 件)',
    'respond.md.where': '場所',
    'respond.md.what': '内容',
    'respond.md.none': 'ありません。',
  },
);

// the temporary measures (暫定対処) and their impact
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
  interface MessageKeys
    extends KeysOf<typeof RESPOND_MESSAGES>,
      KeysOf<typeof RESPOND_WRITE_MESSAGES>,
      KeysOf<typeof RESPOND_IMPACT_MESSAGES> {}
}

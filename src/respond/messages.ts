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

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof RESPOND_MESSAGES> {}
}

import { defineMessages, type KeysOf } from '../i18n/index.ts';

const SIGMA_MESSAGES = defineMessages(
  {
    'rules.description': 'check Sigma rule sets and run their regression tests',
    'rules.check.description':
      'load Sigma rules and report what loaded, what did not and why, and which event sources each logsource runs on',
    'rules.test.description':
      'run SigmaHQ regression data (info.yml + .evtx samples) against rules; prints each failure and "N passed, N failed"',
    'rules.arg.dirs': 'rule directories or files (SigmaHQ, Hayabusa, your own)',
    'rules.arg.regression': 'regression_data directories (searched for info.yml)',
    'rules.opt.rules': 'rule directory (repeatable)',
    'rules.opt.mapping': 'extra logsource/field mapping file or directory (YAML, repeatable)',
    'rules.opt.noCache': 'do not read or write the parsed-rule cache',
    'rules.check.files':
      '{dirs} paths: {files} files, {documents} YAML documents read in {seconds} s ({cached} files from the cache)',
    'rules.check.loaded':
      "loaded: {rules} rules, {correlations} correlations, {filters} filters; {running} rules run on konseki's event sources",
    'rules.check.status': 'rules by status: {list}',
    'rules.check.rejected': 'not loaded: {count} documents',
    'rules.check.notRun': 'loaded but not run: {count} rules',
    'rules.check.engine':
      'compiled: {predicates} (rule, source) predicates from {leaves} distinct items; {re2js} regex items run on re2js',
    'rules.check.byLogsource': 'rules by logsource:',
    'rules.check.warnings': '{count} warnings (use --verbose to list them)',
    'rules.col.logsource': 'logsource',
    'rules.col.rules': 'rules',
    'rules.col.running': 'running',
    'rules.col.sources': 'event sources',
    'rules.unmapped': '(no mapping: events with exactly this logsource)',
    'rules.test.noCases': 'no regression test cases (info.yml) found in {paths}',
    'rules.test.rule': 'rule',
    'rules.test.case': 'case',
    'rules.test.sample': 'sample',
    'rules.test.event': 'event',
    'rules.test.skipped': '{count} cases skipped (only evtx samples are run)',
    'rules.test.extra': 'note: {title} matched {got} events, more than the {expected} expected',
    'rules.test.reason.too_few': 'expected at least {expected} matches, got {got}',
    'rules.test.reason.rule_not_loaded': 'the rule is not loaded (not found in the rule directories, or rejected)',
    'rules.test.reason.rule_not_compiled': 'the rule is loaded but not run (see konseki rules check)',
    'rules.test.reason.sample_missing': 'the sample file does not exist',
    'rules.test.reason.read_failed': 'the sample could not be read',
    'rules.test.reason.type_unsupported': 'sample type not supported',
    'sigma.regression_bad_info': 'cannot read the regression info file: {reason}',
    'sigma.read_failed': 'cannot read the rule file: {reason}',
    'sigma.file_too_large': 'the file is too large for a rule file ({bytes} bytes): skipped',
    'sigma.yaml_error': 'not valid YAML: {reason}',
    'sigma.too_many_documents': 'the file has {count} YAML documents; only the first 1000 are read',
    'sigma.unknown_action': 'unknown collection action "{action}": the document is read as a plain rule',
    'sigma.not_a_rule': 'not a Sigma rule, correlation or filter (no detection, correlation or filter section)',
    'sigma.missing_field': 'the required field "{field}" is missing',
    'sigma.bad_level': 'unknown level "{level}": read as informational',
    'sigma.skipped_status': 'status {status}: not loaded',
    'sigma.duplicate_id': 'the id {id} is also used by {other}',
    'sigma.detection_not_map': 'the detection section must be a map of search identifiers and a condition',
    'sigma.missing_condition': 'the detection has no condition',
    'sigma.condition_not_string': 'a condition must be a string',
    'sigma.condition_syntax': 'condition syntax error near "{near}"',
    'sigma.condition_incomplete': 'the condition ends too early',
    'sigma.condition_unbalanced': 'unbalanced parentheses in the condition',
    'sigma.condition_too_deep': 'the condition is nested too deeply',
    'sigma.condition_unknown_id': 'the condition names "{name}", which is not a search identifier of this rule',
    'sigma.condition_no_match': 'the pattern "{pattern}" matches no search identifier',
    'sigma.aggregation_syntax':
      'cannot read the aggregation "{text}" (supported: count/sum/avg/min/max(field) by fields op number)',
    'sigma.aggregation_near': 'the obsolete "near" aggregation is not supported (Sigma correlations replace it)',
    'sigma.aggregation_in_list': 'an aggregation cannot be one of several conditions',
    'sigma.bad_timespan': 'bad timespan "{value}" (expected a number and s, m, h or d)',
    'sigma.empty_search': 'the search identifier "{name}" is empty',
    'sigma.bad_search': 'the search identifier "{name}" must be a map, a list or a value',
    'sigma.bad_value': 'the value of "{field}" must be a scalar or a list of scalars',
    'sigma.empty_values': 'the field "{field}" has no value (use null or \'\' explicitly)',
    'sigma.null_in_list': 'null cannot be part of a list of values (field "{field}"): write a separate selection',
    'sigma.unknown_modifier': 'unknown value modifier "{modifier}" (field "{field}")',
    'sigma.modifier_first': 'the modifier "{modifier}" must come first and apply to a plain value (field "{field}")',
    'sigma.modifier_needs': 'the modifier "{modifier}" needs "{needs}" before it (field "{field}")',
    'sigma.modifier_type': 'a modifier does not apply to a {type} value (field "{field}")',
    'sigma.bad_modifier_combo': 'the modifier "{modifier}" cannot be combined this way (field "{field}")',
    'sigma.null_with_modifier': 'null cannot take value modifiers (field "{field}")',
    'sigma.not_a_number': 'the modifier "{modifier}" needs a number, not "{value}" (field "{field}")',
    'sigma.all_single':
      'the "all" modifier on a single value is not allowed by the specification (field "{field}"): read as that one value',
    'sigma.bad_cidr': 'not a CIDR network: "{value}" (field "{field}")',
    'sigma.exists_needs_field': 'the "exists" modifier needs a field',
    'sigma.exists_not_bool': 'the "exists" modifier takes true or false, not "{value}" (field "{field}")',
    'sigma.fieldref_needs_field': 'the "fieldref" modifier needs a field',
    'sigma.fieldref_wildcard': 'a field reference cannot contain wildcards (field "{field}")',
    'sigma.base64_wildcard': 'base64 of a value with wildcards is not defined (field "{field}")',
    'sigma.regex_invalid': 'invalid regular expression /{regex}/: {reason}',
    'sigma.regex_unsupported':
      "the regular expression /{regex}/ uses {construct}, which is outside Sigma's regex flavour and cannot run in linear time",
    'sigma.regex_re2js': 'regular expression /{regex}/ runs on the linear-time engine (re2js): {reason}',
    'sigma.filter_negated':
      "this filter's condition is negated: konseki suppresses the events the condition selects (the specification's meaning), so this filter keeps only the events its selection matches",
    'sigma.correlation_not_map': 'the correlation section must be a map',
    'sigma.correlation_type': 'unknown correlation type "{type}"',
    'sigma.correlation_condition':
      'bad correlation condition (expected gt, gte, lt, lte, eq or neq with a number, and field where needed) {key}',
    'sigma.correlation_alias': 'bad alias "{alias}" (expected rule name: field)',
    'sigma.correlation_unknown_rule': 'the correlation refers to rules that are not loaded: {rules}',
    'sigma.correlation_cycle': 'the correlation refers to itself through other correlations',
    'sigma.filter_unknown_rule': 'the filter names rules that are not loaded: {rules}',
    'sigma.placeholder_unset':
      'not run: the placeholder %{placeholder}% has no values (set them in a mapping file under placeholders)',
    'sigma.no_source': "not run: no event source can satisfy the rule's logsource together with its EventID/Channel",
    'sigma.needs_missing_fields': 'not run: the rule needs fields its event sources never record: {fields}',
    'sigma.compile_failed': 'cannot compile the rule: {reason}',
    'sigma.logsource_unmapped':
      '{rules} rules with logsource {logsource} have no mapping: they run on events whose own logsource is exactly that',
    'sigma.mapping_unreadable': 'cannot read the mapping file: {reason}',
    'sigma.mapping_bad_entry': 'mapping entry {index} has no targets list: ignored',
  },
  {
    'rules.description': 'Sigma ルールセットを検査し、回帰テストを実行する',
    'rules.check.description':
      'Sigma ルールを読み込み、読み込めたもの・読み込めなかったものとその理由、各 logsource が対象とするイベントソースを報告する',
    'rules.test.description':
      'SigmaHQ の回帰テストデータ (info.yml と .evtx サンプル) でルールを検証する。失敗をひとつずつ表示し、最後に "N passed, N failed" を出力する',
    'rules.arg.dirs': 'ルールのディレクトリまたはファイル (SigmaHQ、Hayabusa、独自ルール)',
    'rules.arg.regression': 'regression_data ディレクトリ (info.yml を探索)',
    'rules.opt.rules': 'ルールのディレクトリ (複数指定可)',
    'rules.opt.mapping': '追加の logsource/フィールドのマッピングファイルまたはディレクトリ (YAML、複数指定可)',
    'rules.opt.noCache': '解析済みルールのキャッシュを読み書きしない',
    'rules.check.files':
      '{dirs} 個のパス: {files} ファイル、YAML ドキュメント {documents} 個を {seconds} 秒で読み込み (キャッシュから {cached} ファイル)',
    'rules.check.loaded':
      '読み込み: ルール {rules} 件、相関ルール {correlations} 件、フィルタ {filters} 件。konseki のイベントソースで実行するルール {running} 件',
    'rules.check.status': 'ステータス別のルール数: {list}',
    'rules.check.rejected': '読み込めなかったドキュメント: {count} 個',
    'rules.check.notRun': '読み込んだが実行しないルール: {count} 件',
    'rules.check.engine':
      'コンパイル結果: (ルール, ソース) 単位の述語 {predicates} 個 (異なる検出項目 {leaves} 個)。re2js で実行する正規表現の項目 {re2js} 個',
    'rules.check.byLogsource': 'logsource 別のルール数:',
    'rules.check.warnings': '警告 {count} 件 (--verbose で一覧表示)',
    'rules.col.logsource': 'logsource',
    'rules.col.rules': 'ルール数',
    'rules.col.running': '実行数',
    'rules.col.sources': 'イベントソース',
    'rules.unmapped': '(マッピングなし: logsource がちょうど同じイベントのみ)',
    'rules.test.noCases': '{paths} に回帰テストケース (info.yml) が見つかりません',
    'rules.test.rule': 'ルール',
    'rules.test.case': 'テストケース',
    'rules.test.sample': 'サンプル',
    'rules.test.event': 'イベント',
    'rules.test.skipped': '{count} 件のケースを飛ばしました (evtx サンプルのみ実行します)',
    'rules.test.extra': '注: {title} は {got} 件のイベントに一致しました (期待値 {expected} 件より多い)',
    'rules.test.reason.too_few': '一致が {expected} 件以上のはずが {got} 件でした',
    'rules.test.reason.rule_not_loaded':
      'ルールが読み込まれていません (ルールディレクトリにないか、読み込みを拒否されました)',
    'rules.test.reason.rule_not_compiled': 'ルールは読み込みましたが実行していません (konseki rules check を参照)',
    'rules.test.reason.sample_missing': 'サンプルファイルがありません',
    'rules.test.reason.read_failed': 'サンプルを読み込めませんでした',
    'rules.test.reason.type_unsupported': '対応していないサンプル形式です',
    'sigma.regression_bad_info': '回帰テストの info ファイルを読めません: {reason}',
    'sigma.read_failed': 'ルールファイルを読めません: {reason}',
    'sigma.file_too_large': 'ルールファイルとしては大きすぎます ({bytes} バイト)。読み飛ばします',
    'sigma.yaml_error': 'YAML として正しくありません: {reason}',
    'sigma.too_many_documents': 'YAML ドキュメントが {count} 個あります。先頭の 1000 個だけ読みます',
    'sigma.unknown_action': '不明なコレクション action「{action}」です。通常のルールとして読みます',
    'sigma.not_a_rule':
      'Sigma のルール・相関ルール・フィルタではありません (detection / correlation / filter セクションがありません)',
    'sigma.missing_field': '必須フィールド「{field}」がありません',
    'sigma.bad_level': '不明なレベル「{level}」です。informational として扱います',
    'sigma.skipped_status': 'ステータスが {status} のため読み込みません',
    'sigma.duplicate_id': 'ID {id} は {other} でも使われています',
    'sigma.detection_not_map': 'detection セクションは検索識別子と condition のマップでなければなりません',
    'sigma.missing_condition': 'detection に condition がありません',
    'sigma.condition_not_string': 'condition は文字列でなければなりません',
    'sigma.condition_syntax': 'condition の構文エラーです (「{near}」付近)',
    'sigma.condition_incomplete': 'condition が途中で終わっています',
    'sigma.condition_unbalanced': 'condition の括弧が対応していません',
    'sigma.condition_too_deep': 'condition の入れ子が深すぎます',
    'sigma.condition_unknown_id': 'condition にある「{name}」はこのルールの検索識別子ではありません',
    'sigma.condition_no_match': 'パターン「{pattern}」に一致する検索識別子がありません',
    'sigma.aggregation_syntax':
      '集計「{text}」を解釈できません (対応形式: count/sum/avg/min/max(フィールド) by フィールド 比較演算子 数値)',
    'sigma.aggregation_near': '廃止された near 集計には対応していません (Sigma の相関ルールで書き換えてください)',
    'sigma.aggregation_in_list': '集計は複数の condition の一つとしては書けません',
    'sigma.bad_timespan': '期間「{value}」が不正です (数値と s, m, h, d のいずれか)',
    'sigma.empty_search': '検索識別子「{name}」が空です',
    'sigma.bad_search': '検索識別子「{name}」はマップ・リスト・値のいずれかでなければなりません',
    'sigma.bad_value': '「{field}」の値はスカラーかスカラーのリストでなければなりません',
    'sigma.empty_values': "フィールド「{field}」に値がありません (null か '' を明示してください)",
    'sigma.null_in_list': 'null は値のリストに含められません (フィールド「{field}」)。別の検索識別子に分けてください',
    'sigma.unknown_modifier': '不明な値修飾子「{modifier}」です (フィールド「{field}」)',
    'sigma.modifier_first':
      '修飾子「{modifier}」は先頭に置き、修飾前の値に適用しなければなりません (フィールド「{field}」)',
    'sigma.modifier_needs': '修飾子「{modifier}」の前には「{needs}」が必要です (フィールド「{field}」)',
    'sigma.modifier_type': '{type} 型の値には適用できない修飾子があります (フィールド「{field}」)',
    'sigma.bad_modifier_combo': '修飾子「{modifier}」はこの組み合わせでは使えません (フィールド「{field}」)',
    'sigma.null_with_modifier': 'null には値修飾子を付けられません (フィールド「{field}」)',
    'sigma.not_a_number':
      '修飾子「{modifier}」には数値が必要です。「{value}」は数値ではありません (フィールド「{field}」)',
    'sigma.all_single':
      '値が一つだけの all 修飾子は仕様で認められていません (フィールド「{field}」)。その一つの値として扱います',
    'sigma.bad_cidr': 'CIDR 形式のネットワークではありません:「{value}」(フィールド「{field}」)',
    'sigma.exists_needs_field': 'exists 修飾子にはフィールドが必要です',
    'sigma.exists_not_bool': 'exists 修飾子の値は true か false です。「{value}」は使えません (フィールド「{field}」)',
    'sigma.fieldref_needs_field': 'fieldref 修飾子にはフィールドが必要です',
    'sigma.fieldref_wildcard': 'フィールド参照にワイルドカードは使えません (フィールド「{field}」)',
    'sigma.base64_wildcard': 'ワイルドカードを含む値の base64 は定義されていません (フィールド「{field}」)',
    'sigma.regex_invalid': '正規表現 /{regex}/ が不正です: {reason}',
    'sigma.regex_unsupported':
      '正規表現 /{regex}/ は {construct} を使っています。これは Sigma の正規表現の範囲外で、線形時間で実行できません',
    'sigma.regex_re2js': '正規表現 /{regex}/ は線形時間エンジン (re2js) で実行します: {reason}',
    'sigma.filter_negated':
      'このフィルタの condition は否定形です。konseki は condition が選ぶイベントを除外する (仕様どおりの意味) ため、このフィルタは selection に一致するイベントだけを残します',
    'sigma.correlation_not_map': 'correlation セクションはマップでなければなりません',
    'sigma.correlation_type': '不明な相関タイプ「{type}」です',
    'sigma.correlation_condition':
      '相関ルールの condition が不正です (gt, gte, lt, lte, eq, neq と数値、必要に応じて field) {key}',
    'sigma.correlation_alias': 'エイリアス「{alias}」が不正です (ルール名: フィールド の形で書いてください)',
    'sigma.correlation_unknown_rule': '相関ルールが読み込まれていないルールを参照しています: {rules}',
    'sigma.correlation_cycle': '相関ルールが他の相関ルールを介して自分自身を参照しています',
    'sigma.filter_unknown_rule': 'フィルタが読み込まれていないルールを指定しています: {rules}',
    'sigma.placeholder_unset':
      '実行しません: プレースホルダ %{placeholder}% に値が設定されていません (マッピングファイルの placeholders に設定してください)',
    'sigma.no_source': '実行しません: logsource と EventID/Channel の条件を同時に満たすイベントソースがありません',
    'sigma.needs_missing_fields': '実行しません: ルールが必要とするフィールドをイベントソースが記録しません: {fields}',
    'sigma.compile_failed': 'ルールをコンパイルできません: {reason}',
    'sigma.logsource_unmapped':
      'logsource {logsource} のルール {rules} 件にはマッピングがありません。logsource がちょうどこれと同じイベントに対して実行します',
    'sigma.mapping_unreadable': 'マッピングファイルを読めません: {reason}',
    'sigma.mapping_bad_entry': 'マッピングのエントリ {index} に targets がありません。無視します',
  },
);

// The titles and descriptions of konseki's own rules (rules/konseki/) for the Japanese summary and report;
// timeline.csv keeps each rule's own title (Hayabusa's column). Keys are `rule.<rule id>.title|description`.
const BUILTIN_RULE_MESSAGES = defineMessages(
  {
    'rule.27b5e188-e47d-54d4-a907-2f724092f8e2.title': 'New Local Account Created',
    'rule.27b5e188-e47d-54d4-a907-2f724092f8e2.description':
      'A local account was created; attackers add accounts to keep access.',
    'rule.7ccb33f1-0a76-5d07-89f0-7958118dc351.title': 'Sudo to a Root Shell',
    'rule.7ccb33f1-0a76-5d07-89f0-7958118dc351.description':
      'Someone became root with an interactive shell through sudo.',
    'rule.c7f1b2b6-82e8-57a0-b9ab-9fd27f0bb872.title': 'SSH Password Login Accepted',
    'rule.c7f1b2b6-82e8-57a0-b9ab-9fd27f0bb872.description':
      'A password (not key) login over SSH; after many failures from one address it is a successful brute force.',
    'rule.4512720c-bc14-5aa7-a026-5ccf8b5c27bb.title': 'Proxy CONNECT to a Port Other Than 443',
    'rule.4512720c-bc14-5aa7-a026-5ccf8b5c27bb.description':
      'Tunnels through the proxy to unusual ports are a classic C&C channel (seed 000).',
    'rule.e1a68592-0457-5534-a22c-5cf90c306e3e.title': 'Executable Downloaded over HTTP from a Bare IP Address',
    'rule.e1a68592-0457-5534-a22c-5cf90c306e3e.description':
      'Legitimate software is rarely fetched from a bare IP address; droppers often are (seed 000).',
    'rule.5fdcc0ed-39d7-5a71-8908-d629fa492e28.title': 'Defender Detected Malware',
    'rule.5fdcc0ed-39d7-5a71-8908-d629fa492e28.description':
      'Microsoft Defender reported malware (judged by event id only; the text of the event is localized).',
    'rule.5cd11dd1-7d2b-541a-8317-daea94b8ecf0.title': 'Defender Protection Turned Off',
    'rule.5cd11dd1-7d2b-541a-8317-daea94b8ecf0.description':
      'Real-time, scanning or anti-virus protection of Microsoft Defender was turned off or expired.',
    'rule.52d1a3dc-c781-5e85-b1a2-990a7c376177.title': 'Named Pipes of PsExec-Style Remote Execution',
    'rule.52d1a3dc-c781-5e85-b1a2-990a7c376177.description':
      'PsExec and its clones (also renamed ones) create <name>-<host>-<pid>-stdin/stdout/stderr pipes for the remote console.',
    'rule.219adffa-2486-5055-93d5-09ca0a27eb06.title': 'Executable Started from a Temp or Public Folder',
    'rule.219adffa-2486-5055-93d5-09ca0a27eb06.description':
      'Programs dropped into Temp or Public folders; malware often runs from there.',
    'rule.0fe00990-8bed-56bf-9a6d-6e1bdb037f11.title': 'Office Application Started a Shell or Script Host',
    'rule.0fe00990-8bed-56bf-9a6d-6e1bdb037f11.description':
      'A document opened in Office started a command interpreter: the usual first step of a malicious attachment (seed 004).',
    'rule.c4b9974f-f08c-54dc-98bc-c2975bddcd89.title': 'PowerShell Downloads a File from the Web',
    'rule.c4b9974f-f08c-54dc-98bc-c2975bddcd89.description':
      'PowerShell fetched something from the web on its command line.',
    'rule.5dd358a9-36ac-5c7a-aff1-9a974632896f.title': 'Domain Reconnaissance Commands',
    'rule.5dd358a9-36ac-5c7a-aff1-9a974632896f.description':
      'Commands an intruder runs to learn the accounts and domain after the foothold (seed 001).',
    'rule.455ce676-d15a-5eea-aa7c-20f9a211d18e.title': 'Registry Hive Saved (SAM, SECURITY or SYSTEM)',
    'rule.455ce676-d15a-5eea-aa7c-20f9a211d18e.description':
      'Saving these hives lets an attacker extract password hashes offline.',
    'rule.16122462-98da-5e93-b90b-73a7841ebd2f.title': 'Obfuscated PowerShell (String Concatenation of Command Names)',
    'rule.16122462-98da-5e93-b90b-73a7841ebd2f.description':
      'Command names assembled from short string pieces, as Emotet and Invoke-Obfuscation write them, to evade keyword detection.',
    'rule.9193ed8c-be49-56a0-8d0c-32522b87d1a3.title': 'SeDebugPrivilege Enabled by a Program outside Windows',
    'rule.9193ed8c-be49-56a0-8d0c-32522b87d1a3.description':
      'Tools that read LSASS memory (mimikatz and the like) enable SeDebugPrivilege first.',
    'rule.5bb98291-1b70-585a-8515-6d7d38ac12a5.title': 'Local Users or Groups Enumerated by a Command-Line Tool',
    'rule.5bb98291-1b70-585a-8515-6d7d38ac12a5.description':
      'Account and group discovery from the command line, typical right after an intrusion.',
    'rule.e41f00a5-50ac-58c9-b3d9-66b93174a620.title': 'Executable Written to an Administrative Share',
    'rule.e41f00a5-50ac-58c9-b3d9-66b93174a620.description':
      'A program was written over SMB to ADMIN$ or C$ (WriteData): tool transfer for lateral movement.',
    'rule.be40a5c6-bbfc-581d-92d0-60882535d877.title': 'Remote Access to Service or Task Scheduler Pipes',
    'rule.be40a5c6-bbfc-581d-92d0-60882535d877.description':
      'A remote host opened the service control or task scheduler pipe: how PsExec, RemCom, sc.exe and atexec start code remotely.',
    'rule.37ad4834-5ae1-5bd6-ba6e-1d7d3f045a21.title': 'Security Event Log Cleared',
    'rule.37ad4834-5ae1-5bd6-ba6e-1d7d3f045a21.description':
      'The Security log was cleared: events before this point are gone.',
    'rule.f2901f34-0dc4-56de-903c-8d3746f4b1b4.title':
      'Possible Pass-the-Hash (NTLM Network Logon without Session Key)',
    'rule.f2901f34-0dc4-56de-903c-8d3746f4b1b4.description':
      'JPCERT/CC: a non-anonymous NTLM network logon with key length 0 is what pass-the-hash tools produce.',
    'rule.0bd69f27-1fe8-5143-9146-d8499e11df75.title': 'Logon or Attempt with a Trap Account',
    'rule.0bd69f27-1fe8-5143-9146-d8499e11df75.description':
      'Decoy accounts nobody uses (seed 004): any logon attempt with them means someone is trying guessed or stolen names. Edit the names to your own trap accounts.',
    'rule.87c703df-0cc5-58ee-b325-d940b6e894a4.title': 'Event Log Cleared',
    'rule.87c703df-0cc5-58ee-b325-d940b6e894a4.description':
      'An event log was cleared: events before this point are gone.',
    'rule.7074c95a-de7e-5761-99a1-9f38b3533c13.title': 'PsExec Service Installed',
    'rule.7074c95a-de7e-5761-99a1-9f38b3533c13.description':
      'PsExec (or a clone) created its service on this host: remote command execution over SMB.',
  },
  {
    'rule.27b5e188-e47d-54d4-a907-2f724092f8e2.title': 'ローカルアカウントの作成',
    'rule.27b5e188-e47d-54d4-a907-2f724092f8e2.description':
      'ローカルアカウントが作成された。攻撃者はアクセスを保つためにアカウントを追加する。',
    'rule.7ccb33f1-0a76-5d07-89f0-7958118dc351.title': 'sudo による root シェルの起動',
    'rule.7ccb33f1-0a76-5d07-89f0-7958118dc351.description': '誰かが sudo で root の対話シェルを起動した。',
    'rule.c7f1b2b6-82e8-57a0-b9ab-9fd27f0bb872.title': 'SSH のパスワードログイン成功',
    'rule.c7f1b2b6-82e8-57a0-b9ab-9fd27f0bb872.description':
      '鍵ではなくパスワードによる SSH ログイン。同じアドレスからの多数の失敗の後であればブルートフォース攻撃の成功。',
    'rule.4512720c-bc14-5aa7-a026-5ccf8b5c27bb.title': 'プロキシで 443 以外のポートへの CONNECT',
    'rule.4512720c-bc14-5aa7-a026-5ccf8b5c27bb.description':
      'プロキシを通した通常と異なるポートへのトンネルは典型的な C&C 通信 (seed 000)。',
    'rule.e1a68592-0457-5534-a22c-5cf90c306e3e.title': 'IP アドレス直接指定の HTTP による実行ファイルのダウンロード',
    'rule.e1a68592-0457-5534-a22c-5cf90c306e3e.description':
      '正規のソフトウェアを IP アドレスから直接取得することはまれで、ドロッパーはよくそうする (seed 000)。',
    'rule.5fdcc0ed-39d7-5a71-8908-d629fa492e28.title': 'Defender によるマルウェアの検知',
    'rule.5fdcc0ed-39d7-5a71-8908-d629fa492e28.description':
      'Microsoft Defender がマルウェアを報告した (イベント ID だけで判断する。イベントの文言は言語によって異なる)。',
    'rule.5cd11dd1-7d2b-541a-8317-daea94b8ecf0.title': 'Defender の保護の無効化',
    'rule.5cd11dd1-7d2b-541a-8317-daea94b8ecf0.description':
      'Microsoft Defender のリアルタイム保護・スキャン・ウイルス対策が無効化されたか期限切れになった。',
    'rule.52d1a3dc-c781-5e85-b1a2-990a7c376177.title': 'PsExec 型リモート実行の名前付きパイプ',
    'rule.52d1a3dc-c781-5e85-b1a2-990a7c376177.description':
      'PsExec とその派生ツール (名前を変えたものを含む) はリモートコンソール用に <名前>-<ホスト>-<pid>-stdin/stdout/stderr のパイプを作る。',
    'rule.219adffa-2486-5055-93d5-09ca0a27eb06.title': '一時フォルダまたは Public フォルダからの実行ファイルの起動',
    'rule.219adffa-2486-5055-93d5-09ca0a27eb06.description':
      'Temp や Public フォルダに置かれたプログラム。マルウェアはよくそこから実行される。',
    'rule.0fe00990-8bed-56bf-9a6d-6e1bdb037f11.title': 'Office アプリケーションによるシェル・スクリプトホストの起動',
    'rule.0fe00990-8bed-56bf-9a6d-6e1bdb037f11.description':
      'Office で開いた文書がコマンドインタプリタを起動した。悪性の添付ファイルの典型的な最初の一歩 (seed 004)。',
    'rule.c4b9974f-f08c-54dc-98bc-c2975bddcd89.title': 'PowerShell による Web からのファイルのダウンロード',
    'rule.c4b9974f-f08c-54dc-98bc-c2975bddcd89.description': 'PowerShell がコマンドラインで Web から何かを取得した。',
    'rule.5dd358a9-36ac-5c7a-aff1-9a974632896f.title': 'ドメインの調査コマンド',
    'rule.5dd358a9-36ac-5c7a-aff1-9a974632896f.description':
      '侵入者が足がかりを得た後にアカウントやドメインを調べるために実行するコマンド (seed 001)。',
    'rule.455ce676-d15a-5eea-aa7c-20f9a211d18e.title': 'レジストリハイブ (SAM・SECURITY・SYSTEM) の保存',
    'rule.455ce676-d15a-5eea-aa7c-20f9a211d18e.description':
      'これらのハイブを保存すると、攻撃者はパスワードハッシュをオフラインで取り出せる。',
    'rule.16122462-98da-5e93-b90b-73a7841ebd2f.title': '難読化された PowerShell (コマンド名の文字列連結)',
    'rule.16122462-98da-5e93-b90b-73a7841ebd2f.description':
      'Emotet や Invoke-Obfuscation のように、キーワードによる検知を避けるためにコマンド名を短い文字列の断片から組み立てている。',
    'rule.9193ed8c-be49-56a0-8d0c-32522b87d1a3.title': 'Windows 外のプログラムによる SeDebugPrivilege の有効化',
    'rule.9193ed8c-be49-56a0-8d0c-32522b87d1a3.description':
      'LSASS のメモリを読むツール (mimikatz など) は最初に SeDebugPrivilege を有効にする。',
    'rule.5bb98291-1b70-585a-8515-6d7d38ac12a5.title': 'コマンドラインツールによるローカルユーザ・グループの列挙',
    'rule.5bb98291-1b70-585a-8515-6d7d38ac12a5.description':
      'コマンドラインからのアカウントとグループの調査。侵入の直後によく見られる。',
    'rule.e41f00a5-50ac-58c9-b3d9-66b93174a620.title': '管理共有への実行ファイルの書き込み',
    'rule.e41f00a5-50ac-58c9-b3d9-66b93174a620.description':
      'SMB で ADMIN$ または C$ にプログラムが書き込まれた (WriteData)。横展開のためのツールの転送。',
    'rule.be40a5c6-bbfc-581d-92d0-60882535d877.title': 'サービス制御・タスクスケジューラのパイプへのリモートアクセス',
    'rule.be40a5c6-bbfc-581d-92d0-60882535d877.description':
      'リモートホストがサービス制御またはタスクスケジューラのパイプを開いた。PsExec・RemCom・sc.exe・atexec がリモートでコードを実行する方法。',
    'rule.37ad4834-5ae1-5bd6-ba6e-1d7d3f045a21.title': 'Security イベントログの消去',
    'rule.37ad4834-5ae1-5bd6-ba6e-1d7d3f045a21.description':
      'Security ログが消去された。この時点より前のイベントは失われている。',
    'rule.f2901f34-0dc4-56de-903c-8d3746f4b1b4.title':
      'パス・ザ・ハッシュの可能性 (セッションキーのない NTLM ネットワークログオン)',
    'rule.f2901f34-0dc4-56de-903c-8d3746f4b1b4.description':
      'JPCERT/CC: 匿名でない NTLM ネットワークログオンでキー長が 0 なのは、パス・ザ・ハッシュのツールが生むログオン。',
    'rule.0bd69f27-1fe8-5143-9146-d8499e11df75.title': 'トラップアカウントによるログオン・ログオン試行',
    'rule.0bd69f27-1fe8-5143-9146-d8499e11df75.description':
      '誰も使わないトラップアカウント (seed 004)。これによるログオン試行は、誰かが推測した名前や盗んだ名前を試していることを意味する。名前は自組織のトラップアカウントに合わせて編集する。',
    'rule.87c703df-0cc5-58ee-b325-d940b6e894a4.title': 'イベントログの消去',
    'rule.87c703df-0cc5-58ee-b325-d940b6e894a4.description':
      'イベントログが消去された。この時点より前のイベントは失われている。',
    'rule.7074c95a-de7e-5761-99a1-9f38b3533c13.title': 'PsExec サービスのインストール',
    'rule.7074c95a-de7e-5761-99a1-9f38b3533c13.description':
      'PsExec (またはその派生ツール) がこのホストにサービスを作成した。SMB によるリモートコマンド実行。',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SIGMA_MESSAGES>, KeysOf<typeof BUILTIN_RULE_MESSAGES> {}
}

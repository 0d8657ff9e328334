import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const ANALYTICS_NETWORK_MESSAGES = defineMessages(
  {
    'network.bad_time_zone': 'unknown time zone "{zone}"',
    'network.bad_business_hours': 'business hours must be START-END within 0-24 with START < END (got {hours})',
    'network.allow_bad_line': 'allow-list line skipped: {reason}',
    'network.allow_too_many': 'allow-list has more than {max} entries: the rest is ignored',
    'network.allow_read_failed': 'cannot read the allow-list: {reason}',
    'network.policy_bad_line': 'policy line skipped: {reason}',
    'network.policy_too_many': 'policy has more than {max} rules: the rest is ignored',
    'network.policy_read_failed': 'cannot read the flow policy: {reason}',

    'network.ioc_match':
      '{host} contacted indicator {indicator} ({type}{label}) {count} times via {channels_en}, {first} – {last}',
    'network.ioc_match_active':
      '{host} contacted indicator {indicator} ({type}{label}) {count} times via {channels_en}, {first} – {last}; the last contact was {ago_en} before its log ends: probably still connected',
    'network.ioc_match_trying':
      '{host} tried to reach indicator {indicator} ({type}{label}) {count} times via {channels_en}, {first} – {last}, every time refused; still trying {ago_en} before its log ends',
    'network.ioc_match_resolving':
      '{host} looked up indicator {indicator} ({type}{label}) {count} times, {first} – {last}, until {ago_en} before its log ends (a resolver asks for its clients: find them in the proxy or DNS client logs)',
    'network.dns_cnc': '{host} resolved the indicator domain {query} {count} times ({types}), {first} – {last}',
    'network.dns_cnc_answers':
      '{host} resolved the indicator domain {query} {count} times ({types}), {first} – {last}; answers: {answers_en}',
    'network.beacon':
      '{host} → {dest}: periodic communication every ~{period_en} ({beats} beats over {span_en}, score {score}); {hosts} host(s) of the organisation use this destination',
    'network.beacon_common':
      '{hosts} of {total} hosts communicate periodically with {dest} (~{period_en}): typical of update, anti-virus or monitoring agents; allow-list it once confirmed',
    'network.connect_port':
      '{host} used CONNECT to {dest}:{port} {count} times ({first} – {last}); {hosts} of {total} hosts use this destination',
    'network.ip_direct':
      '{host} made {count} HTTP requests ({methods_en}) to the bare IP address {ip}, {first} – {last}; {hosts} host(s) use this address',
    'network.ip_direct_exe':
      '{host} downloaded executables from the bare IP address {ip}: {exe_en} ({count} requests, {first} – {last})',
    'network.rare_ua':
      '{host} sent {count} requests with User-Agent "{ua}" ({why_en}), used by {hosts} of {total} hosts; to {dests_en}',
    'network.empty_ua':
      '{host} sent {count} requests without a User-Agent, which {hosts} of {total} hosts do; to {dests_en}',
    'network.off_hours':
      '{host} → {dest}: {count} connections outside business hours ({when_en}) in {hours} different hours on {days} day(s), sent {sent}, received {received}; {hosts} host(s) use this destination',
    'network.large_upload':
      '{host} sent {bytes} on {date} ({factor}× its usual day of {baseline}; {offhours} outside business hours) to {dests_en}',
    'network.large_upload_nobase':
      '{host} sent {bytes} on {date} ({offhours} outside business hours) to {dests_en}; no other day to compare with',
    'network.port_scan_horizontal':
      '{host} probed {hosts} hosts on {ports} port(s) within {window_en} from {first} ({blocked} of {probes} probes blocked; ports {top_en})',
    'network.port_scan_vertical':
      '{host} probed {target_ports} ports of {target} within {window_en} from {first} ({blocked} of {probes} probes blocked)',
    'network.port_scan_both':
      '{host} probed {hosts} hosts and up to {target_ports} ports of one host ({target}) within {window_en} from {first} ({blocked} of {probes} probes blocked; ports {top_en})',
    'network.lateral_fanout':
      '{host} opened {services} connections to {targets} internal hosts within {window_en} from {first} ({passed} let through): {list_en}',
    'network.policy_violation':
      '{host} (zone {zone}) made {edges} internal flows to {dsts} host(s) that the flow policy does not allow ({passed} let through), from {first}: {list_en}',
    'network.ids_alert':
      '{host}: IDS alert "{signature}" (sid {sid}, priority {priority}) {count} times, {first} – {last}, with {peers} peer(s): {peers_en}',
  },
  {
    'network.bad_time_zone': 'タイムゾーン "{zone}" は不明です',
    'network.bad_business_hours':
      '業務時間は 0〜24 の範囲で「開始-終了」(開始 < 終了) の形で指定してください (指定値 {hours})',
    'network.allow_bad_line': '許可リストの行を読み飛ばしました: {reason}',
    'network.allow_too_many': '許可リストの項目が {max} 件を超えています。超えた分は無視します',
    'network.allow_read_failed': '許可リストを読めません: {reason}',
    'network.policy_bad_line': '通信ポリシーの行を読み飛ばしました: {reason}',
    'network.policy_too_many': '通信ポリシーのルールが {max} 件を超えています。超えた分は無視します',
    'network.policy_read_failed': '通信ポリシーを読めません: {reason}',

    'network.ioc_match':
      '{host} が IOC {indicator} ({type}{label}) と {count} 回通信しました ({channels_ja}、{first} 〜 {last})',
    'network.ioc_match_active':
      '{host} が IOC {indicator} ({type}{label}) と {count} 回通信しました ({channels_ja}、{first} 〜 {last})。最後の通信はログ末尾の {ago_ja}前で、現在も接続中の可能性が高いです',
    'network.ioc_match_trying':
      '{host} が IOC {indicator} ({type}{label}) へ {count} 回接続を試み、すべて拒否されました ({channels_ja}、{first} 〜 {last})。ログ末尾の {ago_ja}前まで試行が続いています',
    'network.ioc_match_resolving':
      '{host} が IOC {indicator} ({type}{label}) を {count} 回名前解決しました ({first} 〜 {last})。ログ末尾の {ago_ja}前まで続いています (DNS サーバやプロキシはクライアントの代わりに問い合わせます。実際の端末はプロキシや DNS のクライアント側ログで確認してください)',
    'network.dns_cnc': '{host} が IOC のドメイン {query} を {count} 回名前解決しました ({types}、{first} 〜 {last})',
    'network.dns_cnc_answers':
      '{host} が IOC のドメイン {query} を {count} 回名前解決しました ({types}、{first} 〜 {last})。応答: {answers_ja}',
    'network.beacon':
      '{host} → {dest}: 約 {period_ja}間隔の定期的な通信 ({span_ja}の間に {beats} 回、スコア {score})。組織内でこの宛先と通信している端末は {hosts} 台です',
    'network.beacon_common':
      '{total} 台中 {hosts} 台の端末が {dest} と定期的に通信しています (約 {period_ja}間隔)。更新プログラム・ウイルス対策・監視エージェントによくある通信です。正規のものと確認できたら許可リストに追加してください',
    'network.connect_port':
      '{host} が CONNECT メソッドで {dest}:{port} へ {count} 回接続しました ({first} 〜 {last})。組織内でこの宛先を使う端末は {total} 台中 {hosts} 台です',
    'network.ip_direct':
      '{host} が IP アドレス {ip} を直接指定して HTTP 通信を {count} 回行いました ({methods_ja}、{first} 〜 {last})。このアドレスと通信した端末は {hosts} 台です',
    'network.ip_direct_exe':
      '{host} が IP アドレス {ip} から直接、実行ファイルをダウンロードしました: {exe_ja} ({count} 件、{first} 〜 {last})',
    'network.rare_ua':
      '{host} が User-Agent "{ua}" ({why_ja}) で {count} 件通信しました。この User-Agent を使う端末は {total} 台中 {hosts} 台だけです。宛先: {dests_ja}',
    'network.empty_ua':
      '{host} が User-Agent なしで {count} 件通信しました。User-Agent なしの通信がある端末は {total} 台中 {hosts} 台です。宛先: {dests_ja}',
    'network.off_hours':
      '{host} → {dest}: 業務時間外の通信が {count} 件あります ({when_ja}、{days} 日間のうち {hours} 時間帯)。送信 {sent}、受信 {received}。この宛先と通信している端末は {hosts} 台です',
    'network.large_upload':
      '{host} が {date} に {bytes} を送信しました (普段の 1 日 {baseline} の {factor} 倍、うち業務時間外 {offhours})。宛先: {dests_ja}',
    'network.large_upload_nobase':
      '{host} が {date} に {bytes} を送信しました (うち業務時間外 {offhours})。比較できる他の日のログはありません。宛先: {dests_ja}',
    'network.port_scan_horizontal':
      '{host} が {first} から {window_ja}の間に {hosts} 台の {ports} 種類のポートへ接続を試みました (ポートスキャン。{probes} 件中 {blocked} 件ブロック、ポート {top_ja})',
    'network.port_scan_vertical':
      '{host} が {first} から {window_ja}の間に {target} の {target_ports} 個のポートへ接続を試みました (ポートスキャン。{probes} 件中 {blocked} 件ブロック)',
    'network.port_scan_both':
      '{host} が {first} から {window_ja}の間に {hosts} 台へ、うち {target} には {target_ports} 個のポートへ接続を試みました (ポートスキャン。{probes} 件中 {blocked} 件ブロック、ポート {top_ja})',
    'network.lateral_fanout':
      '{host} が {first} から {window_ja}の間に内部の {targets} 台へ {services} で接続しました (うち通過 {passed} 件): {list_ja}',
    'network.policy_violation':
      '{host} (ゾーン {zone}) が通信ポリシーで許可されていない内部通信を {dsts} 台宛てに {edges} 種類行いました (うち通過 {passed} 種類、{first} から): {list_ja}',
    'network.ids_alert':
      '{host}: IDS アラート「{signature}」(sid {sid}、優先度 {priority}) が {count} 回発生しました ({first} 〜 {last})。相手 {peers} 件: {peers_ja}',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof ANALYTICS_NETWORK_MESSAGES> {}
}

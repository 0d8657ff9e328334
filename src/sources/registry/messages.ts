import { defineMessages, type KeysOf } from '../../i18n/index.ts';

const SOURCES_REGISTRY_MESSAGES = defineMessages(
  {
    'reg.open_failed': 'cannot open the hive: {reason}',
    'reg.not_a_hive': 'not a registry hive (no "regf" signature)',
    'reg.transaction_log':
      'this is a registry transaction log (file type {type}), not a hive: read the hive next to it',
    'reg.base_block_checksum': 'base block checksum mismatch: the header may be damaged',
    'reg.unknown_version': 'unknown hive format version {major}.{minor}: reading it as 1.x',
    'reg.truncated': 'the hive is truncated: the header declares {declared} bytes of hive bins, {present} are present',
    'reg.bad_hbin': 'invalid hive bin header: {bytes} bytes skipped to the next hive bin',
    'reg.bad_cell_offset': 'the {what} at cell offset {cell} is outside every hive bin: skipped',
    'reg.bad_cell_size': 'the {what} cell at {cell} has an invalid size ({size}): skipped',
    'reg.bad_key': 'the key cell at {cell} has no "nk" signature (found {signature}): skipped',
    'reg.bad_value': 'the value cell at {cell} has no "vk" signature (found {signature}): skipped',
    'reg.name_truncated': 'the key name at {cell} runs past its cell: cut short',
    'reg.subkey_count': 'the key at {cell} declares {declared} subkeys but its lists hold {found}',
    'reg.bad_subkey_list': 'the subkey list at {cell} is not lf/lh/li/ri (found {signature}): its keys are skipped',
    'reg.list_truncated': 'the list at {cell} declares {declared} entries but its cell holds {found}',
    'reg.bad_resident_size': 'the value at {cell} claims {size} bytes of resident data (4 at most): cut to 4',
    'reg.value_data_truncated': 'the value at {cell} declares {size} bytes but only {available} can be read',
    'reg.no_root_key': 'the root key at {cell} cannot be read',
    'reg.key_loop': 'the key at {cell} is reached twice (a loop in the hive): not followed again',
    'reg.too_deep': 'keys nested deeper than {depth} levels are not followed',
    'reg.issues_suppressed': '{count} further problems in this hive were counted but not listed',
    'reg.dirty':
      'the hive is dirty (sequence numbers {primary} ≠ {secondary}): recent changes may still be only in its transaction logs{logs}; konseki reads the primary file as it is',
    'reg.key_not_found': 'no key {path} in this hive',
    'shimcache.bad_layout':
      'AppCompatCache value of {bytes} bytes has an unknown layout (signature {signature}): not read',
    'shimcache.bad_entry':
      'AppCompatCache entry {index} at offset {at} is damaged ({reason}): the remaining entries are skipped',
    'shimcache.no_cache': 'no AppCompatCache value in any control set',
    'amcache.unknown_layout':
      'the hive has neither Root\\InventoryApplicationFile nor Root\\File: not an Amcache.hve this reader knows',
    'reg.cli.description': 'Windows registry hives: dump keys and values, Shimcache (AppCompatCache) and Amcache',
    'reg.cli.dump.description': 'print keys and values of a hive (like regfexport)',
    'reg.cli.arg.hive': 'hive file',
    'reg.cli.opt.key': 'start at this key (path below the root key, e.g. ControlSet001\\Control)',
    'reg.cli.opt.depth': 'how many levels below the start key to print (default: all)',
    'reg.cli.opt.json': 'one JSON object per key (JSON Lines)',
    'reg.cli.shimcache.description':
      'Shimcache (AppCompatCache) entries of a SYSTEM hive, every control set (or a raw AppCompatCache value)',
    'reg.cli.amcache.description': 'program execution entries of an Amcache.hve',
    'reg.cli.arg.input': 'SYSTEM hive, Amcache.hve or raw value file',
    'reg.cli.summary': '{keys} keys, {values} values; {issues} problems',
    'reg.cli.header': 'hive {file}: format {major}.{minor}, last written {written}, root {root}{dirty}',
    'reg.cli.dirty_flag': ', DIRTY',
  },
  {
    'reg.open_failed': 'ハイブを開けません: {reason}',
    'reg.not_a_hive': 'レジストリハイブではありません ("regf" シグネチャがありません)',
    'reg.transaction_log':
      'これはハイブではなくレジストリのトランザクションログです (種別 {type})。同じ場所にあるハイブ本体を読んでください',
    'reg.base_block_checksum': 'ベースブロックのチェックサムが一致しません。ヘッダが壊れている可能性があります',
    'reg.unknown_version': '未知のハイブ形式バージョン {major}.{minor} です。1.x として読みます',
    'reg.truncated':
      'ハイブが途中で切れています (ヘッダ上のハイブビンは {declared} バイト、実在するのは {present} バイト)',
    'reg.bad_hbin': '不正なハイブビンヘッダです。次のハイブビンまで {bytes} バイト読み飛ばします',
    'reg.bad_cell_offset': 'セルオフセット {cell} の {what} がどのハイブビンにも含まれません。読み飛ばします',
    'reg.bad_cell_size': '{cell} の {what} セルのサイズ ({size}) が不正です。読み飛ばします',
    'reg.bad_key': '{cell} のキーセルに "nk" シグネチャがありません ({signature})。読み飛ばします',
    'reg.bad_value': '{cell} の値セルに "vk" シグネチャがありません ({signature})。読み飛ばします',
    'reg.name_truncated': '{cell} のキー名がセルの外まで続いています。途中で切ります',
    'reg.subkey_count': '{cell} のキーはサブキー {declared} 個と宣言していますが、リストには {found} 個しかありません',
    'reg.bad_subkey_list':
      '{cell} のサブキーリストが lf/lh/li/ri ではありません ({signature})。そのキーは読み飛ばします',
    'reg.list_truncated': '{cell} のリストは {declared} 件と宣言していますが、セルには {found} 件しか入っていません',
    'reg.bad_resident_size': '{cell} の値は常駐データを {size} バイトと主張しています (最大 4)。4 バイトに切ります',
    'reg.value_data_truncated': '{cell} の値は {size} バイトと宣言していますが、読めるのは {available} バイトだけです',
    'reg.no_root_key': '{cell} のルートキーを読めません',
    'reg.key_loop': '{cell} のキーに二度到達しました (ハイブ内のループ)。再度はたどりません',
    'reg.too_deep': '{depth} 階層より深いキーはたどりません',
    'reg.issues_suppressed': 'このハイブのほかの問題 {count} 件は件数のみ数え、一覧には出していません',
    'reg.dirty':
      'ハイブが dirty です (シーケンス番号 {primary} ≠ {secondary})。最近の変更がトランザクションログにしか残っていない可能性があります{logs}。konseki はハイブ本体をそのまま読みます',
    'reg.key_not_found': 'このハイブにキー {path} はありません',
    'shimcache.bad_layout': '{bytes} バイトの AppCompatCache 値の形式が不明です (シグネチャ {signature})。読みません',
    'shimcache.bad_entry':
      'AppCompatCache のエントリ {index} (オフセット {at}) が壊れています ({reason})。以降のエントリは読み飛ばします',
    'shimcache.no_cache': 'どのコントロールセットにも AppCompatCache 値がありません',
    'amcache.unknown_layout':
      'Root\\InventoryApplicationFile も Root\\File もありません。このリーダーが知っている Amcache.hve ではありません',
    'reg.cli.description': 'Windows レジストリハイブ: キーと値の出力、Shimcache (AppCompatCache)、Amcache',
    'reg.cli.dump.description': 'ハイブのキーと値を出力します (regfexport 相当)',
    'reg.cli.arg.hive': 'ハイブファイル',
    'reg.cli.opt.key': 'このキーから出力します (ルートキーからのパス。例: ControlSet001\\Control)',
    'reg.cli.opt.depth': '開始キーから何階層下まで出力するか (既定: すべて)',
    'reg.cli.opt.json': 'キーごとに 1 行の JSON (JSON Lines) で出力します',
    'reg.cli.shimcache.description':
      'SYSTEM ハイブの全コントロールセットの Shimcache (AppCompatCache) エントリ (AppCompatCache 値そのもののファイルも可)',
    'reg.cli.amcache.description': 'Amcache.hve のプログラム実行エントリ',
    'reg.cli.arg.input': 'SYSTEM ハイブ、Amcache.hve、または値そのもののファイル',
    'reg.cli.summary': 'キー {keys} 個、値 {values} 個、問題 {issues} 件',
    'reg.cli.header': 'ハイブ {file}: 形式 {major}.{minor}、最終書き込み {written}、ルート {root}{dirty}',
    'reg.cli.dirty_flag': '、DIRTY',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SOURCES_REGISTRY_MESSAGES> {}
}

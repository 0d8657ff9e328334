/**
 * The network log readers (field contract: FIELDS.md). Each sniffs by content and streams its file
 * line by line (gzip transparently), yielding Events and counting what it skips.
 */
import type { SourceReader } from '../types.ts';
import { bindReader } from './bind.ts';
import { dnsmasqReader } from './dnsmasq.ts';
import { eveReader } from './eve.ts';
import { snortFastReader, suricataFastReader } from './fast-alert.ts';
import { filterlogReader } from './filterlog.ts';
import type { NetworkReader } from './format.ts';
import { iptablesReader } from './iptables.ts';
import { snortCsvReader } from './snort-csv.ts';
import { snortFullReader } from './snort-full.ts';
import { squidReader } from './squid.ts';
import { unboundReader } from './unbound.ts';
import { webAccessReader } from './web-access.ts';
import { windowsDnsReader } from './windows-dns.ts';
import { zeekReader } from './zeek.ts';

export const networkReaderList: NetworkReader[] = [
  filterlogReader,
  iptablesReader,
  squidReader,
  snortFastReader,
  snortFullReader,
  snortCsvReader,
  suricataFastReader,
  eveReader,
  zeekReader,
  bindReader,
  unboundReader,
  dnsmasqReader,
  windowsDnsReader,
  webAccessReader,
];

export const networkReaders: SourceReader[] = networkReaderList;

export { readFormat, newReadStats, type ReadStats, type NetworkReader } from './format.ts';

/**
 * The Linux readers: binary login databases (utmp/wtmp/btmp, lastlog, faillog, tallylog), syslog-style
 * text logs (auth.log, secure, syslog, messages, cron, journalctl text output), audit.log and crontabs.
 * Each sniffs by content; the name only breaks ties (wtmp and btmp records look alike).
 */
import type { SourceReader } from '../types.ts';
import { faillogReader, lastlogReader, tallylogReader, utmpReader } from './binary-readers.ts';
import { journalReader } from './journal-reader.ts';
import { syslogReader } from './syslog-reader.ts';
import { auditReader, crontabReader } from './text-readers.ts';

export const linuxReaders: SourceReader[] = [
  utmpReader,
  lastlogReader,
  faillogReader,
  tallylogReader,
  auditReader,
  syslogReader,
  crontabReader,
  journalReader,
];

export {
  utmpReader,
  lastlogReader,
  faillogReader,
  tallylogReader,
  auditReader,
  syslogReader,
  crontabReader,
  journalReader,
};

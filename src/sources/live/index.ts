/**
 * Readers for what konseki's live-response collectors gather (src/collect): the Linux process,
 * socket and file tables, the Windows CSV outputs, and the persistence places they copy (systemd
 * units, authorized_keys, ld.so.preload, passwd, shell start-up files). Formats: FIELDS.md.
 */
import type { SourceReader } from '../types.ts';
import {
  authorizedKeysReader,
  commandOutputReader,
  passwdReader,
  preloadReader,
  startupScriptReader,
  systemdUnitReader,
} from './config.ts';
import { fileListReader } from './files.ts';
import { manifestReader } from './manifest.ts';
import { linuxProcessReader } from './processes.ts';
import { linuxSocketReader } from './sockets.ts';
import { windowsLiveReaders } from './windows.ts';

export const liveReaders: SourceReader[] = [
  commandOutputReader,
  manifestReader,
  linuxProcessReader,
  linuxSocketReader,
  fileListReader,
  systemdUnitReader,
  authorizedKeysReader,
  preloadReader,
  passwdReader,
  startupScriptReader,
  ...windowsLiveReaders,
];

/**
 * File listings of the Linux collector (lists/persistence.tsv, writable.tsv, suid.tsv, logs.tsv):
 * `stat -c '%F\t%a\t%u\t%g\t%s\t%Y\t%Z\t%n'` of the original files, whose ctime a copy loses. One event
 * per entry, timed at the later of mtime and ctime (when the file was last put in place).
 */
import type { Event } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { secondsUs, sniffTable, tableRows, type TableHeader } from './table.ts';

export async function* readFileList(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  let header: TableHeader | undefined;
  let seen = false;
  for await (const r of tableRows(path, file, ctx.issues, 8, (h) => (header = h), ctx.onProgress)) {
    const h = header as TableHeader | undefined;
    if (!seen && !h) ctx.issues.push(issue('live.no_header', { file }));
    seen = true;
    const c = r.cells;
    const mode = Number.parseInt(c[1], 8);
    const mtime = secondsUs(c[5]);
    const ctime = secondsUs(c[6]);
    const ts = Number.isFinite(ctime) && !(ctime < mtime) ? ctime : mtime;
    const e: Event = {
      ts,
      source: { format: 'live-files', file, line: r.line },
      logsource: { product: 'linux', category: 'file_snapshot', service: 'live' },
      fields: {
        list: h?.meta.list ?? '',
        TargetFilename: c.slice(7).join('\t'),
        FileType: c[0],
        Mode: c[1],
        Setuid: Number.isFinite(mode) && (mode & 0o4000) !== 0,
        Setgid: Number.isFinite(mode) && (mode & 0o2000) !== 0,
        OwnerUid: c[2],
        OwnerGid: c[3],
        Size: Number(c[4]),
        Modified: mtime,
        Changed: ctime,
        collected: secondsUs(h?.meta.collected),
      },
    };
    if (h?.meta.host) e.host = h.meta.host;
    yield e;
  }
}

export const fileListReader: SourceReader = {
  id: 'live-files',
  sniff: (head) => sniffTable(head, 'files'),
  read: readFileList,
};

/**
 * The CSV files of the Windows collector, as Windows PowerShell 5.1's `Export-Csv -NoTypeInformation
 * -Encoding UTF8` writes them: UTF-8 with a BOM, CRLF, a header row of quoted column names, every value
 * quoted ("" for a quote inside; line breaks kept inside quotes), empty for $null. Each file is known
 * by its header row (the collector's Select-Object / [pscustomobject] column order):
 * processes.csv, sockets.csv, services.csv, tasks.csv, runkeys.csv, wmi.csv, startup.csv. Host and
 * collection time come from the collection's directory name (origin.ts). Formats: FIELDS.md.
 */
import type { Event, Fields } from '../../core/event.ts';
import { parseTs } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import { newLineStats, textLines } from '../text-lines.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { originOf } from './origin.ts';
import { COLLECTOR_CATEGORY } from './processes.ts';
import { socketFields } from './sockets.ts';

const MAX_RECORDS = 500_000;
const MAX_FIELD_LINES = 1000;

/** Records of an Export-Csv file: quoted fields may span lines; the header row first. */
export async function* csvRecords(path: string, ctx: ReadContext): AsyncGenerator<{ line: number; cells: string[] }> {
  const ls = newLineStats();
  let cells: string[] = [];
  let cur = '';
  let inQuote = false;
  let startLine = 0;
  let spanned = 0;
  let n = 0;
  for await (const b of textLines(path, ls, (p) =>
    ctx.issues.push(issue('live.read_error', { file: ctx.displayPath }, { reason: p.reason }, 'error')),
  )) {
    for (let k = 0; k < b.lines.length; k++) {
      let text = b.lines[k];
      const no = b.first + k;
      if (no === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (!inQuote) {
        startLine = no;
        cells = [];
        cur = '';
        spanned = 0;
        if (!text) continue;
      } else {
        cur += '\n';
        if (++spanned > MAX_FIELD_LINES) {
          // a quote that never closes: give up on this record and start again at the next line
          ctx.issues.push(issue('live.csv_unclosed', { file: ctx.displayPath, line: startLine }));
          inQuote = false;
          continue;
        }
      }
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inQuote) {
          if (c === '"') {
            if (text[i + 1] === '"') {
              cur += '"';
              i++;
            } else inQuote = false;
          } else cur += c;
        } else if (c === '"') inQuote = true;
        else if (c === ',') {
          cells.push(cur);
          cur = '';
        } else cur += c;
      }
      if (inQuote) continue;
      cells.push(cur);
      if (++n > MAX_RECORDS) {
        ctx.issues.push(issue('live.too_many_rows', { file: ctx.displayPath, line: no }, { max: MAX_RECORDS }));
        return;
      }
      yield { line: startLine, cells };
    }
  }
  if (inQuote) ctx.issues.push(issue('live.csv_unclosed', { file: ctx.displayPath, line: startLine }));
}

type Row = Record<string, string>;

interface CsvKind {
  id: string;
  columns: string[];
  category: string;
  /** the events of a file (rows of one file may refer to each other, e.g. parent processes) */
  events(rows: Array<{ line: number; row: Row }>, base: (line: number, fields: Fields, ts?: number) => Event): Event[];
}

const iso = (s: string | undefined): number => (s ? parseTs(s) : NaN);

function headerKey(cells: string[]): string {
  return cells.map((c) => c.trim()).join(',');
}

const KINDS: CsvKind[] = [
  {
    id: 'win-processes',
    columns: [
      'ProcessId',
      'ParentProcessId',
      'Name',
      'ExecutablePath',
      'CommandLine',
      'CreationDate',
      'Owner',
      'SessionId',
      'ExecutableExists',
      'ExecutableSha256',
      'IsCollector',
    ],
    category: 'process_snapshot',
    events(rows, base) {
      const byPid = new Map(rows.map((r) => [r.row.ProcessId, r.row]));
      const collector = new Set(rows.filter((r) => r.row.IsCollector === 'True').map((r) => r.row.ProcessId));
      // the collector's children (Get-FileHash runs in-process; native commands are children)
      const isCollector = (pid: string): boolean => {
        let p: Row | undefined = byPid.get(pid);
        for (let d = 0; p && d < 64; d++) {
          if (collector.has(p.ProcessId)) return true;
          p = byPid.get(p.ParentProcessId);
        }
        return false;
      };
      return rows.map(({ line, row }) => {
        const parent = byPid.get(row.ParentProcessId);
        const f: Fields = {
          ProcessId: Number(row.ProcessId),
          ParentProcessId: Number(row.ParentProcessId),
          Image: row.ExecutablePath ?? '',
          ImageDeleted: !!row.ExecutablePath && row.ExecutableExists === 'False',
          CommandLine: row.CommandLine ?? '',
          User: row.Owner ?? '',
          comm: row.Name ?? '',
          SessionId: row.SessionId ?? '',
          collector: isCollector(row.ProcessId),
        };
        if (row.ExecutableSha256) f.sha256 = row.ExecutableSha256;
        if (parent) {
          f.ParentImage = parent.ExecutablePath ?? '';
          f.ParentCommandLine = parent.CommandLine ?? '';
        }
        return base(line, f, iso(row.CreationDate));
      });
    },
  },
  {
    id: 'win-sockets',
    columns: [
      'Protocol',
      'LocalAddress',
      'LocalPort',
      'RemoteAddress',
      'RemotePort',
      'State',
      'OwningProcess',
      'ProcessName',
      'ProcessPath',
      'CreationTime',
    ],
    category: 'network_snapshot',
    events: (rows, base) =>
      rows.map(({ line, row }) => {
        const f = socketFields(
          (row.Protocol ?? '').toLowerCase(),
          row.LocalAddress ?? '',
          Number(row.LocalPort),
          row.RemoteAddress ?? '',
          Number(row.RemotePort),
          row.State ?? '',
        );
        if (/^\d+$/.test(row.OwningProcess ?? '')) f.ProcessId = Number(row.OwningProcess);
        if (row.ProcessName) f.comm = row.ProcessName;
        if (row.ProcessPath) f.Image = row.ProcessPath;
        const e = base(line, f);
        const created = iso(row.CreationTime);
        if (Number.isFinite(created)) e.fields.CreationTime = created;
        return e;
      }),
  },
  {
    id: 'win-services',
    columns: ['Name', 'DisplayName', 'State', 'StartMode', 'PathName', 'StartName', 'ProcessId'],
    category: 'persistence',
    events: (rows, base) =>
      rows.map(({ line, row }) =>
        base(line, {
          ServiceName: row.Name ?? '',
          DisplayName: row.DisplayName ?? '',
          State: row.State ?? '',
          StartMode: row.StartMode ?? '',
          CommandLine: row.PathName ?? '',
          User: row.StartName ?? '',
        }),
      ),
  },
  {
    id: 'win-tasks',
    columns: ['TaskPath', 'TaskName', 'State', 'Author', 'UserId', 'RunLevel', 'Date', 'Actions', 'Triggers'],
    category: 'persistence',
    events: (rows, base) =>
      rows.map(({ line, row }) =>
        base(
          line,
          {
            TaskName: `${row.TaskPath ?? ''}${row.TaskName ?? ''}`,
            State: row.State ?? '',
            Author: row.Author ?? '',
            User: row.UserId ?? '',
            RunLevel: row.RunLevel ?? '',
            CommandLine: row.Actions ?? '',
            Triggers: row.Triggers ?? '',
          },
          iso(row.Date),
        ),
      ),
  },
  {
    id: 'win-runkeys',
    columns: ['Hive', 'Key', 'Name', 'Value'],
    category: 'persistence',
    events: (rows, base) =>
      rows.map(({ line, row }) =>
        base(line, {
          TargetObject: `${row.Hive ?? ''}\\${row.Key ?? ''}\\${row.Name ?? ''}`,
          ValueName: row.Name ?? '',
          CommandLine: row.Value ?? '',
        }),
      ),
  },
  {
    id: 'win-wmi',
    columns: ['Class', 'Name', 'Detail'],
    category: 'persistence',
    events: (rows, base) =>
      rows.map(({ line, row }) =>
        base(line, { WmiClass: row.Class ?? '', WmiName: row.Name ?? '', CommandLine: row.Detail ?? '' }),
      ),
  },
  {
    id: 'win-startup',
    columns: ['Path', 'Size', 'CreationTimeUtc', 'LastWriteTimeUtc', 'Sha256'],
    category: 'persistence',
    events: (rows, base) =>
      rows.map(({ line, row }) => {
        const created = iso(row.CreationTimeUtc);
        const written = iso(row.LastWriteTimeUtc);
        const ts = Number.isFinite(created) && !(created < written) ? created : written;
        const f: Fields = { TargetFilename: row.Path ?? '', Size: Number(row.Size) };
        if (row.Sha256) f.sha256 = row.Sha256;
        const e = base(line, f, ts);
        e.fields.TargetFilename = row.Path ?? '';
        return e;
      }),
  },
];

const BY_HEADER = new Map(KINDS.map((k) => [headerKey(k.columns), k]));

function headerOf(head: Buffer): string | undefined {
  let s = head.toString('utf8', 0, Math.min(head.length, 4096));
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  const nl = s.indexOf('\n');
  if (nl < 0) return undefined;
  const cells = s.slice(0, nl).replace(/\r$/, '').split(',');
  if (!cells.every((c) => /^"[A-Za-z0-9_]+"$/.test(c))) return undefined;
  return cells.map((c) => c.slice(1, -1)).join(',');
}

function readerFor(kind: CsvKind): SourceReader {
  return {
    id: kind.id,
    sniff(head) {
      const h = headerOf(head);
      return h !== undefined && BY_HEADER.get(h) === kind ? 1 : 0;
    },
    async *read(path, ctx) {
      const o = originOf(ctx.displayPath);
      let columns: string[] | undefined;
      const rows: Array<{ line: number; row: Row }> = [];
      for await (const r of csvRecords(path, ctx)) {
        if (!columns) {
          columns = r.cells;
          continue;
        }
        const row: Row = {};
        columns.forEach((c, i) => {
          row[c] = r.cells[i] ?? '';
        });
        rows.push({ line: r.line, row });
      }
      const base = (line: number, fields: Fields, ts?: number): Event => {
        if (Number.isFinite(o.collectedUs)) fields.collected = o.collectedUs;
        const e: Event = {
          ts: ts !== undefined && Number.isFinite(ts) ? ts : o.collectedUs,
          source: { format: kind.id, file: ctx.displayPath, line },
          logsource: {
            product: 'windows',
            category: fields.collector === true ? COLLECTOR_CATEGORY : kind.category,
            service: 'live',
          },
          fields,
        };
        if (o.host) e.host = o.host;
        return e;
      };
      for (const e of kind.events(rows, base)) yield e;
    },
  };
}

export const windowsLiveReaders: SourceReader[] = KINDS.map(readerFor);

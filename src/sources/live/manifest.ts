/**
 * A collection's manifest.sha256 (`sha256sum` format), checked against the files unpacked beside it:
 * one event per file that differs from what the collector hashed or is missing, and one summary
 * event (verified, changed, missing). Paths that would leave the collection directory are refused.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import { displayDir } from '../display-path.ts';
import { headLines, newLineStats, textLines } from '../text-lines.ts';
import type { SourceReader } from '../types.ts';
import { originOf } from './origin.ts';

const LINE = /^([0-9a-f]{64}) [ *]\.\/(.+)$/;
const NAME = /(?:^|[/\\!])konseki-collect-[^/\\!]+[/\\]manifest\.sha256$/;
const MAX_REPORTED = 1000;

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Where to read `rel` (a manifest path): beside the manifest in the evidence, or the unpacked archive member. */
function locate(rel: string, path: string, display: string, siblings?: Readonly<Record<string, string>>) {
  if (siblings) {
    const dir = displayDir(display);
    const sep = dir.endsWith('\\') ? '\\' : '/';
    return siblings[dir + rel.split(/[/\\]/).join(sep)];
  }
  return join(dirname(path), rel);
}

export const manifestReader: SourceReader = {
  id: 'collection-manifest',
  readsSiblings: true,
  sniff(head, name) {
    if (!NAME.test(name)) return 0;
    const ls = headLines(head, 5).filter(Boolean);
    return ls.length && ls.every((l) => LINE.test(l)) ? 1 : 0;
  },
  async *read(path, ctx) {
    const file = ctx.displayPath;
    const root = dirname(path);
    const siblings = ctx.siblings;
    const o = originOf(file);
    const counts = { verified: 0, changed: 0, missing: 0 };
    let reported = 0;
    const base = (line: number, fields: Fields): Event => {
      if (Number.isFinite(o.collectedUs)) fields.collected = o.collectedUs;
      const e: Event = {
        ts: o.collectedUs,
        source: { format: 'collection-manifest', file, line },
        logsource: { product: 'konseki', category: 'collection_integrity', service: 'live' },
        fields,
      };
      if (o.host) e.host = o.host;
      return e;
    };
    let bad = 0;
    for await (const b of textLines(path, newLineStats(), (p) =>
      ctx.issues.push(issue('live.read_error', { file }, { reason: p.reason }, 'error')),
    )) {
      for (let i = 0; i < b.lines.length; i++) {
        const m = LINE.exec(b.lines[i]);
        if (!m) {
          if (b.lines[i]) bad++;
          continue;
        }
        const rel = normalize(m[2]);
        if (rel.startsWith('..') || !join(root, rel).startsWith(root + sep)) {
          bad++;
          continue;
        }
        const target = locate(rel, path, file, siblings);
        let status: 'changed' | 'missing' | undefined;
        let actual = '';
        if (!target || !existsSync(target)) status = 'missing';
        else {
          try {
            actual = await sha256(target);
            if (actual !== m[1]) status = 'changed';
          } catch {
            status = 'missing';
          }
        }
        if (!status) {
          counts.verified++;
          continue;
        }
        counts[status]++;
        if (reported++ < MAX_REPORTED)
          yield base(b.first + i, { Status: status, TargetFilename: `./${m[2]}`, Expected: m[1], Actual: actual });
      }
    }
    if (bad) ctx.issues.push(issue('live.bad_rows', { file }, { rows: bad }));
    yield base(0, { Status: 'summary', ...counts });
  },
};

/**
 * The integrity of a collection: files that differ from the collector's manifest, or are missing,
 * mean the bundle was altered or damaged after collection; every conclusion drawn from it is suspect.
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { finding, n, ref, s } from './common.ts';

export function collectionIntegrityAnalyzer(): Analyzer {
  const bad = new Map<string, { e: Event; files: string[]; count: number }>();
  const out: Finding[] = [];
  return {
    id: 'live-collection-integrity',
    wants: (e) => e.logsource.category === 'collection_integrity',
    add(e) {
      const status = s(e, 'Status');
      if (status === 'summary') {
        const g = bad.get(e.source.file);
        const broken = n(e, 'changed') + n(e, 'missing');
        if (broken > 0)
          out.push(
            finding(
              e,
              'collection-altered',
              'high',
              'live.bundle.altered',
              {
                host: e.host ?? '?',
                changed: n(e, 'changed'),
                missing: n(e, 'missing'),
                verified: n(e, 'verified'),
                files: g ? g.files.join(', ') : '',
              },
              { count: broken, evidence: [ref(e), ...(g ? [ref(g.e)] : [])] },
            ),
          );
        return;
      }
      const g = bad.get(e.source.file) ?? { e, files: [], count: 0 };
      g.count++;
      if (g.files.length < 10) g.files.push(s(e, 'TargetFilename'));
      bad.set(e.source.file, g);
    },
    finish: () => out,
  };
}

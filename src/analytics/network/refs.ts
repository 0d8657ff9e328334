/**
 * Evidence references kept per finding group: the earliest and the latest few records by time
 * (order of arrival does not matter; files are read in parallel), a bounded amount per group.
 */
import type { Event } from '../../core/event.ts';
import type { EvidenceRef } from '../../core/finding.ts';

const files = new Map<string, string>();

/** One string per file name, however many events carried a copy of it. */
function internFile(f: string): string {
  let s = files.get(f);
  if (s === undefined) {
    if (files.size > 100_000) files.clear();
    files.set(f, f);
    s = f;
  }
  return s;
}

export function refOf(e: Event): EvidenceRef {
  const r: EvidenceRef = { file: internFile(e.source.file), ts: e.ts };
  if (e.source.line !== undefined) r.line = e.source.line;
  if (e.source.offset !== undefined) r.offset = e.source.offset;
  if (e.source.record !== undefined) r.record = e.source.record;
  return r;
}

/**
 * The k earliest and k latest events by time, kept as (source, time) in small parallel arrays that
 * are overwritten in place: no allocation per event, even when every event is the latest so far.
 */
export class RefSample {
  private readonly earlySrc: Event['source'][] = [];
  private readonly earlyTs: number[] = [];
  private readonly lateSrc: Event['source'][] = [];
  private readonly lateTs: number[] = [];
  /** index of the latest of the early ones, of the earliest of the late ones */
  private earlyMax = 0;
  private lateMin = 0;
  constructor(private readonly k = 10) {}

  add(e: Event): void {
    const ts = e.ts;
    const k = this.k;
    if (this.earlyTs.length < k) {
      this.earlySrc.push(e.source);
      this.earlyTs.push(ts);
      this.earlyMax = argExtreme(this.earlyTs, true);
    } else if (ts < this.earlyTs[this.earlyMax]) {
      this.earlySrc[this.earlyMax] = e.source;
      this.earlyTs[this.earlyMax] = ts;
      this.earlyMax = argExtreme(this.earlyTs, true);
    }
    if (this.lateTs.length < k) {
      this.lateSrc.push(e.source);
      this.lateTs.push(ts);
      this.lateMin = argExtreme(this.lateTs, false);
    } else if (ts > this.lateTs[this.lateMin]) {
      this.lateSrc[this.lateMin] = e.source;
      this.lateTs[this.lateMin] = ts;
      this.lateMin = argExtreme(this.lateTs, false);
    }
  }

  /** Earliest then latest references, without duplicates, in time order. */
  refs(): EvidenceRef[] {
    const seen = new Set<Event['source']>();
    const out: EvidenceRef[] = [];
    const take = (src: Event['source'], ts: number): void => {
      if (seen.has(src)) return;
      seen.add(src);
      out.push(refOf({ source: src, ts } as Event));
    };
    for (let i = 0; i < this.earlySrc.length; i++) take(this.earlySrc[i], this.earlyTs[i]);
    for (let i = 0; i < this.lateSrc.length; i++) take(this.lateSrc[i], this.lateTs[i]);
    return out.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  }
}

function argExtreme(a: number[], max: boolean): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (max ? a[i] > a[best] : a[i] < a[best]) best = i;
  return best;
}

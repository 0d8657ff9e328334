/** Event filters of triage: --from, --to, --computer. */
import type { Event } from '../core/event.ts';

export interface EventFilter {
  from?: number;
  to?: number;
  computer?: string;
}

export function makeFilter(f: EventFilter): (e: Event) => boolean {
  const computer = f.computer?.toLowerCase();
  if (f.from === undefined && f.to === undefined && computer === undefined) return () => true;
  return (e) => {
    if (f.from !== undefined && !(e.ts >= f.from)) return false;
    if (f.to !== undefined && !(e.ts <= f.to)) return false;
    if (computer !== undefined) {
      const h = e.host?.toLowerCase();
      if (!h || (h !== computer && !h.startsWith(`${computer}.`))) return false;
    }
    return true;
  };
}

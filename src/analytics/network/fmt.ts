/** Formatting of values inside finding summaries (both languages). */
import { formatLocal } from '../../core/time-format.ts';

/** "2025-04-28 10:12 +09:00" in the organisation's zone. */
export function fmtTime(us: number, tz: string): string {
  const s = formatLocal(us, tz);
  return s ? `${s.slice(0, 16)} ${s.slice(24)}` : '?';
}

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function fmtDurationEn(sec: number): string {
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 && s < 600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.round(s / 60)} min`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function fmtDurationJa(sec: number): string {
  const s = Math.round(sec);
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return s % 60 && s < 600 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${Math.round(s / 60)} 分`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `${h} 時間 ${m} 分` : `${h} 時間`;
}

/** A few items and "+N more" / "他 N 件". */
export function listEn(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} (+${items.length - max} more)`;
}

export function listJa(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join('、') : `${items.slice(0, max).join('、')} 他 ${items.length - max} 件`;
}

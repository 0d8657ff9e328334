/**
 * The API's write side (POST, token in the header): review marks, notes and phases of the incident
 * record, containment preview and write, and the report. Bodies are JSON, checked field by field.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { CaseDir } from '../case/case-dir.ts';
import { addNote, isPhase, setPhase } from '../case/record.ts';
import { REVIEW_STATUSES, type ReviewStatus } from '../case/review.ts';
import type { Lang } from '../i18n/index.ts';
import { previewResponse, respondRequest, writeContainment } from './respond.ts';
import type { Workspace } from './workspace.ts';

function me(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

async function body(c: Context): Promise<Record<string, unknown>> {
  try {
    const b = await c.req.json();
    return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined;
const langOf = (v: unknown): Lang => (v === 'ja' ? 'ja' : 'en');

export function writeRoutes(ws: Workspace): Hono {
  const api = new Hono();

  api.post('/review', async (c) => {
    const b = await body(c);
    const target = b.target === 'finding' || b.target === 'detection' ? b.target : undefined;
    const key = typeof b.key === 'string' && /^[fd]-[0-9a-f]{20}$/.test(b.key) ? b.key : undefined;
    if (!target || !key || key[0] !== target[0]) return c.json({ error: 'target and key' }, 400);
    let status: ReviewStatus | undefined;
    if (b.status !== null && b.status !== undefined) {
      if (!REVIEW_STATUSES.includes(b.status as ReviewStatus)) return c.json({ error: 'status' }, 400);
      status = b.status as ReviewStatus;
    }
    if (target === 'finding' && !ws.findings.some((f) => f.key === key))
      return c.json({ error: 'unknown finding' }, 404);
    const mark = await ws.mark({
      target,
      key,
      status,
      reason: str(b.reason, 2000),
      label: str(b.label, 500),
      author: str(b.author, 200) ?? me(),
    });
    return c.json({ mark: mark ?? null, review: ws.review });
  });

  api.post('/record/note', async (c) => {
    const b = await body(c);
    const text = str(b.text, 20_000);
    const phase = typeof b.phase === 'string' && isPhase(b.phase) ? b.phase : undefined;
    if (!text) return c.json({ error: 'text' }, 400);
    const r = await ws.change('note', phase ? ['--phase', phase] : [], () => {
      const rec = new CaseDir(ws.dir).record();
      addNote(rec, text, str(b.author, 200) ?? me(), phase);
      return { value: rec, outputs: [new CaseDir(ws.dir).writeRecord(rec)] };
    });
    return c.json(r);
  });

  api.post('/record/phase', async (c) => {
    const b = await body(c);
    const phase = typeof b.phase === 'string' && isPhase(b.phase) ? b.phase : undefined;
    const what = b.what === 'start' || b.what === 'done' ? b.what : undefined;
    if (!phase || !what) return c.json({ error: 'phase and what' }, 400);
    const r = await ws.change('phase', [phase, what], () => {
      const rec = new CaseDir(ws.dir).record();
      setPhase(rec, phase, what);
      return { value: rec, outputs: [new CaseDir(ws.dir).writeRecord(rec)] };
    });
    return c.json(r);
  });

  api.post('/respond/preview', async (c) => {
    const b = await body(c);
    const r = respondRequest(b);
    if (!r) return c.json({ error: 'level' }, 400);
    return c.json(previewResponse(ws, r, langOf(b.lang)));
  });

  api.post('/respond/write', async (c) => {
    const b = await body(c);
    const r = respondRequest(b);
    if (!r) return c.json({ error: 'level' }, 400);
    const out = await writeContainment(ws, r, langOf(b.lang));
    return 'error' in out ? c.json(out, 400) : c.json(out);
  });

  api.post('/report', async (c) => {
    await ws.regenerateReport();
    return c.json({ ...ws.reportState, file: join(ws.dir, 'report.html') });
  });

  return api;
}

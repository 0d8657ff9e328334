/**
 * Review: every finding with its mark (confirmed, false positive with a reason, needs work), the marked
 * detections, the incident record's phases A–G and notes, and the report (regenerated from the case
 * with the marks applied).
 */
import { useState } from 'preact/hooks';
import { post } from '../api.ts';
import { Badge, Section, Status, Table, useApi } from '../components/common.tsx';
import { time } from '../format.ts';
import { t } from '../i18n.ts';
import { go } from '../router.ts';
import { FindingsTable } from './host.tsx';

type J = Record<string, unknown>;
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const PHASES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const SEVERITIES = ['', 'critical', 'high', 'medium', 'low'];
const REVIEWS = ['all', 'hide-fp', 'fp', 'confirmed', 'needs-work', 'unreviewed'];

function Record_() {
  const loaded = useApi<J>('/record');
  const [text, setText] = useState('');
  const [phase, setPhase] = useState('');
  const [busy, setBusy] = useState(false);
  const r = loaded.data;
  if (!r) return <Status loaded={loaded} />;
  const phases = (r.phases ?? {}) as Record<string, { started?: string; completed?: string }>;
  const act = async (path: string, body: unknown): Promise<void> => {
    setBusy(true);
    try {
      await post(path, body);
      loaded.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Section title={t('web.rv.phases')}>
        <Table
          rows={PHASES}
          cols={[
            [t('web.col.phase'), (p) => <b>{p}</b>],
            [t('web.col.name'), (p) => t(`web.phase.${p}`)],
            [t('web.rv.started'), (p) => phases[p]?.started ?? '-'],
            [t('web.rv.completed'), (p) => phases[p]?.completed ?? '-'],
            [
              '',
              (p) => (
                <span>
                  <button
                    type="button"
                    class="small"
                    disabled={busy || !!phases[p]?.started}
                    onClick={() => act('/record/phase', { phase: p, what: 'start' })}
                  >
                    {t('web.rv.start')}
                  </button>
                  <button
                    type="button"
                    class="small"
                    disabled={busy || !!phases[p]?.completed}
                    onClick={() => act('/record/phase', { phase: p, what: 'done' })}
                  >
                    {t('web.rv.done')}
                  </button>
                </span>
              ),
            ],
          ]}
        />
      </Section>
      <Section title={t('web.rv.notes')}>
        <form
          class="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            void act('/record/note', { text, phase: phase || undefined }).then(() => setText(''));
          }}
        >
          <textarea
            name="note"
            rows={3}
            value={text}
            placeholder={t('web.rv.note_placeholder')}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <select name="phase" value={phase} onChange={(e) => setPhase((e.target as HTMLSelectElement).value)}>
            <option value="">{t('web.rv.no_phase')}</option>
            {PHASES.map((p) => (
              <option value={p}>{`${p}: ${t(`web.phase.${p}`)}`}</option>
            ))}
          </select>
          <button type="submit" disabled={busy}>
            {t('web.rv.add_note')}
          </button>
        </form>
        <ul class="notes">
          {arr(r.notes)
            .slice()
            .reverse()
            .map((n) => (
              <li>
                <span class="muted">{`${String(n.ts)} ${String(n.author ?? '')}${n.phase ? ` [${String(n.phase)}]` : ''}`}</span>
                <p class="note-text">{String(n.text)}</p>
              </li>
            ))}
        </ul>
      </Section>
    </>
  );
}

function Report() {
  const [state, setState] = useState<J | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Section title={t('web.rv.report')}>
      <p class="muted">{t('web.rv.report_hint')}</p>
      <button
        type="button"
        data-testid="regenerate-report"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          post<J>('/report', {})
            .then(setState)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('web.loading') : t('web.rv.regenerate')}
      </button>
      {state && (
        <p class="good" data-testid="report-state">
          {t('web.rv.report_written', { at: String(state.at ?? ''), file: String(state.file ?? '') })}
        </p>
      )}
    </Section>
  );
}

export function ReviewView({ params }: { params: Record<string, string> }) {
  const q = { severity: params.severity, kind: params.kind, host: params.host, review: params.review };
  const findings = useApi<{ total: number; findings: J[] }>('/findings', q);
  const review = useApi<{ marks: J[] }>('/review', {}, [findings.data]);
  const set = (k: string, v: string): void => go('review', { ...params, [k]: v || undefined });
  const detMarks = arr(review.data?.marks).filter((m) => m.target === 'detection');
  return (
    <div class="review-view">
      <Section
        title={t('web.rv.findings', { n: findings.data?.total ?? 0 })}
        actions={
          <span class="filters inline">
            <select
              value={params.severity ?? ''}
              onChange={(e) => set('severity', (e.target as HTMLSelectElement).value)}
            >
              {SEVERITIES.map((s) => (
                <option value={s}>{s ? t(`web.level.${s}`) : t('web.rv.any_severity')}</option>
              ))}
            </select>
            <select
              value={params.review ?? 'all'}
              onChange={(e) => set('review', (e.target as HTMLSelectElement).value)}
            >
              {REVIEWS.map((r) => (
                <option value={r}>{t(`web.tl.review.${r}`)}</option>
              ))}
            </select>
            <input
              type="text"
              placeholder={t('web.col.kind')}
              value={params.kind ?? ''}
              onChange={(e) => set('kind', (e.target as HTMLInputElement).value)}
            />
            <input
              type="text"
              placeholder={t('web.col.host')}
              value={params.host ?? ''}
              onChange={(e) => set('host', (e.target as HTMLInputElement).value)}
            />
          </span>
        }
      >
        <Status loaded={findings} />
        <FindingsTable rows={findings.data?.findings ?? []} onChange={findings.reload} />
      </Section>
      <Section title={t('web.rv.detection_marks', { n: detMarks.length })}>
        <Table
          rows={detMarks}
          cols={[
            [t('web.col.review'), (m) => <Badge kind="review" value={String(m.status)} />],
            [t('web.col.rule'), (m) => String(m.label ?? m.key)],
            [t('web.rv.reason'), (m) => String(m.reason ?? '')],
            [t('web.rv.by'), (m) => `${String(m.author ?? '')} ${time(Date.parse(String(m.ts)) * 1000)}`],
          ]}
        />
      </Section>
      <Record_ />
      <Report />
    </div>
  );
}

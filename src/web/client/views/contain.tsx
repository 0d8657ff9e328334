/**
 * Containment: choose the level and the hosts, preview every artifact (the same generators as
 * `konseki respond`), read the impact of each measure, then write the files into the case's respond/.
 */
import { useEffect, useState } from 'preact/hooks';
import { post } from '../api.ts';
import { Section, Status, Table, useApi } from '../components/common.tsx';
import { currentLang, t } from '../i18n.ts';

type J = Record<string, unknown>;
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

export function ContainView() {
  const options = useApi<J>('/respond/options');
  const o = options.data;
  const [level, setLevel] = useState('cnc-only');
  const [hosts, setHosts] = useState<Set<string> | null>(null);
  const [extra, setExtra] = useState({
    extraHosts: '',
    mail: '',
    mgmt: '',
    internal: '',
    urlScope: 'host',
    minConfidence: '',
  });
  const [preview, setPreview] = useState<J | null>(null);
  const [file, setFile] = useState(0);
  const [written, setWritten] = useState<J | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    if (o && !hosts) setHosts(new Set(arr(o.hosts).map((h) => String(h.ip))));
  }, [o]);
  if (!o || !hosts) return <Status loaded={options} />;
  const body = (): J => ({ level, hosts: [...hosts], ...extra, lang: currentLang() });
  const run = async (path: string): Promise<J | undefined> => {
    setBusy(true);
    setError('');
    try {
      return await post<J>(path, body());
    } catch (e) {
      setError(String((e as { body?: J }).body?.error ?? e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const artifacts = arr(preview?.artifacts);
  const shown = artifacts[Math.min(file, artifacts.length - 1)];
  const ind = (o.indicators ?? {}) as Record<string, unknown[]>;
  const judged = arr(ind.judged);
  const judgedTable = (rows: J[]) => (
    <Table
      rows={rows}
      cols={[
        [t('web.ct.indicator'), (j) => <span class="value">{String(j.value)}</span>],
        [t('web.col.kind'), (j) => `${String(j.type)}${j.role ? ` / ${String(j.role)}` : ''}`],
        [t('web.col.confidence'), (j) => `${Math.round(Number(j.confidence) * 100)}%`],
        [t('web.col.hosts'), (j) => (Array.isArray(j.hosts) ? j.hosts.join(', ') : '')],
        [
          t('web.col.basis'),
          (j) =>
            arr(j.basis)
              .map((b) => String(b.kind))
              .join(', '),
        ],
        [t('web.ct.excluded'), (j) => String(j.excluded ?? '')],
      ]}
    />
  );
  return (
    <div class="contain-view">
      <Section title={t('web.ct.choose')}>
        <div class="levels">
          {(o.levels as string[]).map((l) => (
            <label class={`level-choice${l === level ? ' active' : ''}`}>
              <input
                type="radio"
                name="level"
                value={l}
                checked={l === level}
                onChange={() => {
                  setLevel(l);
                  setPreview(null);
                  setWritten(null);
                }}
              />
              <b>{l}</b>
              <span class="muted">{t(`web.ct.level.${l}`)}</span>
            </label>
          ))}
        </div>
        <p class="muted">
          {t('web.ct.indicators', {
            judged: judged.length,
            listed:
              (ind.ips ?? []).length + (ind.domains ?? []).length + (ind.urls ?? []).length + (ind.cidrs ?? []).length,
          })}
        </p>
        <h3>{t('web.ct.hosts')}</h3>
        <div class="host-choice">
          {arr(o.hosts).map((h) => (
            <label>
              <input
                type="checkbox"
                checked={hosts.has(String(h.ip))}
                onChange={() => {
                  const next = new Set(hosts);
                  if (next.has(String(h.ip))) next.delete(String(h.ip));
                  else next.add(String(h.ip));
                  setHosts(next);
                  setPreview(null);
                }}
              />
              {`${String(h.name ?? '')} ${String(h.ip)}`}
              {h.verdict ? (
                <span class="muted">{` ${String(h.verdict)} ${Math.round(Number(h.confidence ?? 0) * 100)}%`}</span>
              ) : null}
              {Array.isArray(h.via) && h.via.length ? <span class="muted">{` ← ${h.via.join(', ')}`}</span> : null}
              {h.infrastructure ? <span class="badge">{String(h.infrastructure)}</span> : null}
            </label>
          ))}
          {!arr(o.hosts).length && <span class="muted">{t('web.none')}</span>}
        </div>
        <div class="ct-options">
          {(['extraHosts', 'mail', 'mgmt', 'internal', 'minConfidence'] as const).map((k) => (
            <label>
              {t(`web.ct.${k}`)}
              <input
                type="text"
                name={k}
                value={extra[k]}
                placeholder={
                  k === 'extraHosts'
                    ? '10.0.0.5=PC01, …'
                    : k === 'minConfidence'
                      ? String(o.minConfidence)
                      : '10.0.0.0/24, …'
                }
                onInput={(e) => setExtra({ ...extra, [k]: (e.target as HTMLInputElement).value })}
              />
            </label>
          ))}
          <label>
            {t('web.ct.url_scope')}
            <select
              value={extra.urlScope}
              onChange={(e) => setExtra({ ...extra, urlScope: (e.target as HTMLSelectElement).value })}
            >
              <option value="host">{t('web.ct.url_host')}</option>
              <option value="exact">{t('web.ct.url_exact')}</option>
            </select>
          </label>
        </div>
        <button
          type="button"
          data-testid="preview"
          disabled={busy}
          onClick={() => void run('/respond/preview').then((p) => p && (setPreview(p), setFile(0)))}
        >
          {t('web.ct.preview')}
        </button>
        {error && <div class="error">{error}</div>}
      </Section>
      {preview && (
        <>
          <Section title={t('web.ct.measures')}>
            {preview.refusal ? <div class="error">{String(preview.refusal)}</div> : null}
            <Table
              rows={arr(preview.measures)}
              cols={[
                [t('web.ct.measure'), (m) => <b>{String(m.title)}</b>],
                ['C', (m) => String(m.c)],
                ['I', (m) => String(m.i)],
                ['A', (m) => String(m.a)],
                [t('web.ct.evidence'), (m) => String(m.evidence)],
                [t('web.ct.rollback'), (m) => String(m.rollback)],
              ]}
            />
          </Section>
          <Section title={t('web.ct.judged_blocked', { n: arr((preview.judged as J)?.blocked).length })}>
            {judgedTable(arr((preview.judged as J)?.blocked))}
          </Section>
          {arr((preview.judged as J)?.review).length > 0 && (
            <Section title={t('web.ct.judged_review', { n: arr((preview.judged as J)?.review).length })}>
              {judgedTable(arr((preview.judged as J)?.review))}
            </Section>
          )}
          {(arr(preview.unresolved).length > 0 || arr(preview.held).length > 0) && (
            <Section title={t('web.ct.manual')}>
              <ul>
                {arr(preview.unresolved).map((u) => (
                  <li>{t('web.ct.unresolved', { name: String(u.name) })}</li>
                ))}
                {arr(preview.held).map((h) => (
                  <li>{t('web.ct.held', { name: String(h.name ?? h.ip), why: String(h.why) })}</li>
                ))}
              </ul>
            </Section>
          )}
          <Section title={t('web.ct.files', { n: artifacts.length })}>
            <div class="tabs">
              {artifacts.map((a, i) => (
                <button
                  type="button"
                  class={`tab${i === file ? ' active' : ''}`}
                  data-testid="artifact-tab"
                  onClick={() => setFile(i)}
                >
                  {String(a.file)}
                </button>
              ))}
            </div>
            {shown && (
              <div class="artifact">
                <p class="muted">{`${String(shown.system)} — ${(shown.apply as string[]).join(' ; ')}`}</p>
                <pre class="raw" data-testid="artifact-content">
                  {String(shown.content)}
                </pre>
              </div>
            )}
            {arr(preview.issues).length > 0 && (
              <details>
                <summary>{t('web.ct.issues', { n: arr(preview.issues).length })}</summary>
                <ul>
                  {arr(preview.issues).map((i) => (
                    <li>{`${String(i.severity)} ${String(i.at)}: ${String(i.message)}`}</li>
                  ))}
                </ul>
              </details>
            )}
            <button
              type="button"
              class="primary"
              data-testid="write"
              disabled={busy || !!preview.empty}
              onClick={() => void run('/respond/write').then((w) => w && setWritten(w))}
            >
              {t('web.ct.write')}
            </button>
            {written && (
              <div class="good" data-testid="written">
                {t('web.ct.written', { n: arr(written.files).length, dir: String(written.dir) })}
                <ul>
                  {(written.files as string[]).map((f) => (
                    <li>{f}</li>
                  ))}
                </ul>
              </div>
            )}
          </Section>
        </>
      )}
    </div>
  );
}

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
  const [extra, setExtra] = useState({ extraHosts: '', mail: '', mgmt: '', internal: '', urlScope: 'host' });
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
  const ind = (o.indicators ?? {}) as Record<string, string[]>;
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
            ips: (ind.ips ?? []).length,
            domains: (ind.domains ?? []).length,
            urls: (ind.urls ?? []).length,
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
            </label>
          ))}
          {!arr(o.hosts).length && <span class="muted">{t('web.none')}</span>}
        </div>
        <div class="ct-options">
          {(['extraHosts', 'mail', 'mgmt', 'internal'] as const).map((k) => (
            <label>
              {t(`web.ct.${k}`)}
              <input
                type="text"
                name={k}
                value={extra[k]}
                placeholder={k === 'extraHosts' ? '10.0.0.5=PC01, …' : '10.0.0.0/24, …'}
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
            {preview.empty ? <div class="error">{t('web.ct.empty')}</div> : null}
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

/**
 * The overview: hosts with verdicts, confidence and 起点 (first attacker activity), patient zero, the
 * attack phases beside seed 000's stages and ATT&CK, C&C and exfiltration, the accounts the attacker used,
 * where the evidence has holes, what it covers, and its integrity.
 */
import { useState } from 'preact/hooks';
import { get } from '../api.ts';
import { Badge, T, Empty, HostLink, Pivot, Section, Status, Table, useApi } from '../components/common.tsx';
import { bytes, num, time } from '../format.ts';
import { summary, t } from '../i18n.ts';
import { href } from '../router.ts';

type J = Record<string, unknown>;
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function Integrity({ data }: { data: J }) {
  const [check, setCheck] = useState<J | null>(null);
  const [busy, setBusy] = useState(false);
  const integrity = (data.integrity ?? {}) as J;
  const manifest = integrity.manifest as J | null;
  const custody = (integrity.custody ?? {}) as J;
  const problems = arr(custody.problems);
  const changes = check ? arr((check.verification as J | null)?.changes) : [];
  return (
    <Section title={t('web.ov.integrity')}>
      <ul class="facts">
        <li>
          {manifest
            ? t('web.ov.manifest', { files: num(manifest.files), created: String(manifest.created ?? '') })
            : t('web.ov.no_manifest')}
        </li>
        <li class={problems.length ? 'bad' : 'good'}>
          {problems.length
            ? t('web.ov.custody_broken', { n: problems.length, entries: num(custody.entries) })
            : t('web.ov.custody_ok', { entries: num(custody.entries) })}
        </li>
        {check && (
          <li class={changes.length ? 'bad' : 'good'} data-testid="verify-result">
            {changes.length
              ? t('web.ov.evidence_changed', { n: changes.length })
              : t('web.ov.evidence_unchanged', { at: String((check.verification as J).at ?? '') })}
            {changes.length > 0 && (
              <ul>
                {changes.map((c) => (
                  <li>{`${String(c.path)}: ${String(c.kind)}`}</li>
                ))}
              </ul>
            )}
          </li>
        )}
      </ul>
      {manifest && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            get<J>('/integrity', { verify: 1 })
              .then(setCheck)
              .finally(() => setBusy(false));
          }}
        >
          {busy ? t('web.loading') : t('web.ov.verify')}
        </button>
      )}
    </Section>
  );
}

export function OverviewView() {
  const loaded = useApi<J>('/overview');
  const d = loaded.data;
  if (!d) return <Status loaded={loaded} />;
  const hosts = arr(d.hosts);
  const det = (d.detections ?? {}) as Record<string, number>;
  const external = arr(d.external).filter((x) => x.kind !== 'attacker');
  const attackers = arr(d.external).filter((x) => x.kind === 'attacker');
  const review = (d.review ?? {}) as Record<string, number>;
  const cov = (d.coverage ?? {}) as J;
  const record = d.record as J | null;
  return (
    <div class="overview">
      <div class="cards">
        <div class="card">
          <div class="card-label">{t('web.ov.compromised')}</div>
          <div class="card-value bad">{hosts.filter((h) => h.verdict === 'compromised').length}</div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.suspicious')}</div>
          <div class="card-value warn">{hosts.filter((h) => h.verdict === 'suspicious').length}</div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.patient_zero')}</div>
          <div class="card-value" data-testid="patient-zero">
            {d.patientZero ? <HostLink name={String(d.patientZero)} /> : '-'}
          </div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.detections')}</div>
          <div class="card-value small">
            {['critical', 'high', 'medium', 'low', 'informational'].map((l) => (
              <a href={href('timeline', { level: l })} class={`lvl lvl-${l}`}>
                {`${t(`web.level.${l}`)} ${num(det[l] ?? 0)}`}
              </a>
            ))}
          </div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.findings')}</div>
          <div class="card-value">
            <a href={href('review')}>{num(d.findings)}</a>
          </div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.review')}</div>
          <div class="card-value small">
            {t('web.ov.review_counts', {
              confirmed: review.confirmed ?? 0,
              fp: review['false-positive'] ?? 0,
              work: review['needs-work'] ?? 0,
            })}
          </div>
        </div>
        <div class="card">
          <div class="card-label">{t('web.ov.handling_phase')}</div>
          <div class="card-value small">
            {record?.phase ? t(`web.phase.${String(record.phase)}`) : t('web.ov.no_phase')}
          </div>
        </div>
      </div>

      <Section title={t('web.ov.hosts')}>
        <Table
          rows={hosts}
          rowClass={(h) => (h.patient_zero ? 'patient-zero' : '')}
          cols={[
            [t('web.col.host'), (h) => <HostLink name={String(h.name)} />],
            [t('web.col.ips'), (h) => strs(h.ips).join(', ')],
            [t('web.col.verdict'), (h) => <Badge kind="verdict" value={String(h.verdict)} />],
            [t('web.col.confidence'), (h) => `${Math.round(Number(h.confidence) * 100)}%`],
            [t('web.col.first_seen'), (h) => <T us={h.first_seen} />],
            [t('web.col.last_seen'), (h) => <T us={h.last_seen} />],
            [t('web.col.findings'), (h) => num(h.findings)],
            [t('web.col.detections'), (h) => num(h.detections)],
            [t('web.col.reasons'), (h) => strs(h.reasons).join(', ')],
            ['', (h) => (h.patient_zero ? <span class="badge pz">{t('web.ov.patient_zero')}</span> : null)],
          ]}
        />
      </Section>

      <Section title={t('web.ov.phases')}>
        <Table
          rows={arr(d.phases)}
          cols={[
            [t('web.col.stage'), (p) => (p.stage ? t(`web.stage.${String(p.stage)}`) : '-')],
            [t('web.col.phase'), (p) => t(`web.attack_phase.${String(p.phase)}`)],
            [t('web.col.first_seen'), (p) => <T us={p.first_seen} />],
            [t('web.col.last_seen'), (p) => <T us={p.last_seen} />],
            [t('web.col.hosts'), (p) => strs(p.hosts).map((h) => <HostLink name={h} />)],
            [
              t('web.col.kinds'),
              (p) =>
                Object.entries((p.kinds ?? {}) as Record<string, number>)
                  .map(([k, n]) => `${k} ×${n}`)
                  .join(', '),
            ],
            [t('web.col.attack'), (p) => strs(p.attack).join(' ')],
          ]}
        />
      </Section>

      <Section title={t('web.ov.external')}>
        <Table
          rows={external}
          cols={[
            [t('web.col.peer'), (x) => <Pivot kind="dst" value={String(x.peer)} />],
            [t('web.col.kind'), (x) => <Badge kind="edge" value={String(x.kind)} />],
            [t('web.col.hosts'), (x) => strs(x.hosts).map((h) => <HostLink name={h} />)],
            [t('web.col.first_seen'), (x) => <T us={x.first_seen} />],
            [t('web.col.last_seen'), (x) => <T us={x.last_seen} />],
            [t('web.col.count'), (x) => num(x.count)],
            [t('web.col.bytes'), (x) => (x.bytes ? bytes(x.bytes) : '-')],
            [t('web.col.basis'), (x) => strs(x.basis).join(', ')],
          ]}
        />
        {attackers.length > 0 && (
          <p class="muted">
            {t('web.ov.attackers')}{' '}
            {attackers.map((x) => (
              <Pivot kind="addr" value={String(x.peer)} />
            ))}
          </p>
        )}
      </Section>

      <Section title={t('web.ov.accounts')}>
        <Table
          rows={arr(d.accounts)}
          cols={[
            [t('web.col.account'), (a) => <Pivot kind="account" value={String(a.name)} />],
            [t('web.col.host'), (a) => <HostLink name={String(a.host)} />],
            [t('web.col.how'), (a) => String(a.how)],
            [t('web.col.kind'), (a) => String(a.kind)],
          ]}
        />
      </Section>

      <Section title={t('web.ov.gaps')}>
        <Empty when={!arr(d.gaps).length}>{t('web.ov.no_gaps')}</Empty>
        <ul class="gaps">
          {arr(d.gaps).map((g) => (
            <li>
              <span class="muted">{time(g.ts, true)}</span> <HostLink name={g.host as string} /> <b>{String(g.kind)}</b>
              : {summary(g)}
            </li>
          ))}
        </ul>
      </Section>

      <Section title={t('web.ov.coverage')}>
        <Table
          rows={arr(cov.formats)}
          cols={[
            [
              t('web.col.format'),
              (f) => <a href={href('timeline', { src: 'ev', format: String(f.format) })}>{String(f.format)}</a>,
            ],
            [t('web.col.events'), (f) => num(f.n)],
            [t('web.col.files'), (f) => num(f.files)],
            [t('web.col.first_seen'), (f) => <T us={f.first} />],
            [t('web.col.last_seen'), (f) => <T us={f.last} />],
          ]}
        />
        <details>
          <summary>{t('web.ov.coverage_hosts')}</summary>
          <Table
            rows={arr(cov.hosts)}
            cols={[
              [t('web.col.host'), (h) => <HostLink name={String(h.host)} />],
              [t('web.col.format'), (h) => strs(h.formats).join(', ')],
              [t('web.col.events'), (h) => num(h.n)],
              [t('web.col.first_seen'), (h) => <T us={h.first} />],
              [t('web.col.last_seen'), (h) => <T us={h.last} />],
            ]}
          />
        </details>
      </Section>

      <Integrity data={d} />
    </div>
  );
}

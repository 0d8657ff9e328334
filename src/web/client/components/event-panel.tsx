/**
 * The full record behind a timeline row: the detection (rule, level, review), every field of the event
 * with pivots on hosts, accounts and addresses, and the raw record (EVTX XML read again from the
 * evidence, or the log line). Every value is text.
 */
import { time } from '../format.ts';
import { t } from '../i18n.ts';
import { Badge, Pivot, type PivotKind, ReviewButtons, Status, useApi } from './common.tsx';

const ACCOUNT = new Set([
  'TargetUserName',
  'SubjectUserName',
  'User',
  'UserName',
  'AccountName',
  'TargetUser',
  'SamAccountName',
  'user',
  'cs-username',
]);
const ADDRESS = new Set([
  'IpAddress',
  'SourceAddress',
  'DestAddress',
  'SourceIp',
  'DestinationIp',
  'ClientAddress',
  'Address',
  'src_ip',
  'dst_ip',
  'c-ip',
  'rhost',
]);
const DESTINATION = new Set(['cs-host', 'query', 'server_name', 'DestinationHostname']);
const HOST = new Set(['Computer', 'WorkstationName', 'hostname']);

function pivotOf(name: string): PivotKind | undefined {
  if (ACCOUNT.has(name)) return 'account';
  if (ADDRESS.has(name)) return 'addr';
  if (DESTINATION.has(name)) return 'dst';
  if (HOST.has(name)) return 'host';
  return undefined;
}

type Json = Record<string, unknown>;

function parseFields(v: unknown): Json {
  if (typeof v === 'string') {
    try {
      const x = JSON.parse(v) as unknown;
      return x && typeof x === 'object' ? (x as Json) : {};
    } catch {
      return {};
    }
  }
  return v && typeof v === 'object' ? (v as Json) : {};
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function Fields({ fields, hostKey }: { fields: Json; hostKey?: (v: string) => string }) {
  const entries = Object.entries(fields);
  if (!entries.length) return <div class="empty">{t('web.none')}</div>;
  return (
    <table class="table fields">
      <tbody>
        {entries.map(([k, v]) => {
          const kind = pivotOf(k);
          const text = show(v);
          return (
            <tr>
              <th>{k}</th>
              <td>
                {kind && typeof v === 'string' && text !== '-' ? (
                  <Pivot kind={kind} value={kind === 'host' && hostKey ? hostKey(text) : text} label={text} />
                ) : (
                  <span class="value">{text}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface RawRecord {
  kind: 'xml' | 'line' | 'none';
  text: string;
  reason?: string;
}

function Raw({ raw }: { raw: RawRecord | null }) {
  if (!raw || raw.kind === 'none') return <div class="empty">{t(`web.raw.${raw?.reason ?? 'not-found'}`)}</div>;
  return <pre class="raw">{raw.text}</pre>;
}

export interface Selection {
  type: 'det' | 'ev';
  id: string;
}

export function EventPanel({ sel, onClose, onChange }: { sel: Selection; onClose: () => void; onChange?: () => void }) {
  const loaded = useApi<Json>(sel.type === 'det' ? `/detection/${sel.id}` : `/event/${sel.id}`);
  const d = loaded.data;
  const det = (d?.detection ?? null) as Json | null;
  const ev = (d?.event ?? null) as Json | null;
  const raw = (d?.raw ?? null) as RawRecord | null;
  const hostKey = (v: string): string => (ev && ev.host === v ? String(ev.hkey ?? v) : v);
  return (
    <aside class="panel" data-testid="event-panel">
      <header>
        <h2>{sel.type === 'det' ? t('web.panel.detection') : t('web.panel.event')}</h2>
        <button type="button" class="small" onClick={onClose}>
          ✕
        </button>
      </header>
      <Status loaded={loaded} />
      {det && (
        <div class="panel-section">
          <div class="panel-title">
            <Badge kind="level" value={String(det.level)} />{' '}
            <span class="rule-title">{String(det.rule_title ?? '')}</span>
          </div>
          <dl class="kv">
            <dt>{t('web.col.time')}</dt>
            <dd>{time(det.ts, true)}</dd>
            <dt>{t('web.col.host')}</dt>
            <dd>
              <Pivot kind="host" value={String(det.hkey ?? det.host ?? '')} label={String(det.host ?? '')} />
            </dd>
            <dt>{t('web.col.rule_id')}</dt>
            <dd>
              <Pivot kind="rule" value={String(det.rule_id ?? '')} />
            </dd>
            <dt>{t('web.col.tags')}</dt>
            <dd>{Array.isArray(det.tags) ? det.tags.join(' ') : ''}</dd>
            <dt>{t('web.col.file')}</dt>
            <dd class="value">{`${String(det.file ?? '')}${det.record_id ? ` #${String(det.record_id)}` : ''}`}</dd>
            <dt>{t('web.col.details')}</dt>
            <dd class="value">{String(det.details ?? '')}</dd>
          </dl>
          <ReviewButtons
            target="detection"
            itemKey={String(det.key)}
            mark={det.review ? { status: String(det.review) } : null}
            label={String(det.rule_title ?? '')}
            onChange={() => {
              loaded.reload();
              onChange?.();
            }}
          />
        </div>
      )}
      {ev && (
        <div class="panel-section">
          <h3>{t('web.panel.fields')}</h3>
          <div class="muted small">
            {time(ev.ts, true)} · {String(ev.format ?? '')} · {String(ev.file ?? '')}
          </div>
          <Fields fields={parseFields(ev.fields)} hostKey={hostKey} />
        </div>
      )}
      {Array.isArray(d?.detections) && (d.detections as Json[]).length > 0 && (
        <div class="panel-section">
          <h3>{t('web.panel.detections_of_event')}</h3>
          <ul>
            {(d.detections as Json[]).map((x) => (
              <li>
                <Badge kind="level" value={String(x.level)} /> {String(x.rule_title ?? '')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {d && (
        <div class="panel-section">
          <h3>{t('web.panel.raw')}</h3>
          <Raw raw={raw} />
        </div>
      )}
    </aside>
  );
}

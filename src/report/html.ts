/**
 * report.html: one self-contained file, readable offline. No script at all; the only style sheet is
 * inline and allowed by its SHA-256 in a strict Content-Security-Policy, so even a value that escaped
 * escaping could neither run nor load anything. Data only ever becomes text nodes (through `html()`);
 * element names, attributes, ids and classes are generated here.
 */
import { kindName, kindNames } from '../core/finding.ts';
import { createHash } from 'node:crypto';
import { formatLocal } from '../core/time-format.ts';
import { PHASES, phaseName } from '../case/record.ts';
import { t, type Lang, type MessageKey, dynamicKey } from '../i18n/index.ts';
import { impactOf, MEASURES, type MeasureId } from '../respond/impact.ts';
import { REPORT_CSS } from './css.ts';
import { deriveInvestigation, formatBytes } from './derive.ts';
import { html } from '../core/escape.ts';
import '../core/messages.ts';
import { localText, VERDICTS, type InvestigationItem, type ReportModel } from './model.ts';
import { managementSummary } from './summary.ts';
import { layoutGraph, renderSvg } from './svg-graph.ts';
import './messages.ts';

export const SECTIONS = [
  'summary',
  'timeline',
  'hosts',
  'graph',
  'phases',
  'cnc',
  'containment',
  'investigation',
  'findings',
  'record',
  'manifest',
] as const;
/** Rows beyond the table limit, to say how many were left out. */
const over = (xs: unknown[]): number => Math.max(0, xs.length - MAX_ROWS);
const LEVEL_CLASS = new Set(['critical', 'high', 'medium', 'low', 'informational']);
/** Rows per table in the HTML: the report stays light enough to open on any laptop. */
export const MAX_ROWS = 2000;

export function contentSecurityPolicy(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

export function renderHtml(m: ReportModel): string {
  const lang: Lang = m.meta.lang;
  const L = (code: MessageKey, p: Record<string, string | number> = {}): string => html(t(code, p, lang));
  const tz = m.meta.timeZone;
  const time = (us: number | undefined): string =>
    us === undefined || !Number.isFinite(us) ? '-' : html(formatLocal(us, tz));
  const isoRaw = (s: string | undefined): string => {
    const ms = s ? Date.parse(s) : NaN;
    return Number.isNaN(ms) ? s || '-' : formatLocal(ms * 1000, tz);
  };
  const isoTime = (s: string | undefined): string => html(isoRaw(s));
  const table = (head: string[], rows: string[][], omitted = 0): string => {
    if (!rows.length) return `<p>${L('report.none')}</p>`;
    const shown = rows.slice(0, MAX_ROWS);
    const more = rows.length - shown.length + omitted;
    return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${shown.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}\n</tbody></table>${more > 0 ? `<p class="note">${L('report.omitted', { count: more })}</p>` : ''}`;
  };
  const td = (v: unknown, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${html(v)}</td>`;
  const tdRaw = (inner: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${inner}</td>`;
  const levelBadge = (level: string): string =>
    `<span class="badge lv-${LEVEL_CLASS.has(level) ? level : 'informational'}">${LEVEL_CLASS.has(level) ? L(dynamicKey(`level.${level}`)) : html(level, 16)}</span>`;
  const verdictBadge = (v: string): string =>
    `<span class="badge v-${(VERDICTS as readonly string[]).includes(v) ? v : 'unknown'}">${L(dynamicKey(`report.verdict.${(VERDICTS as readonly string[]).includes(v) ? v : 'unknown'}`))}</span>`;
  const heading = (id: (typeof SECTIONS)[number]): string => `<h2 id="${id}">${L(`report.s.${id}`)}</h2>`;

  const body: string[] = [];
  body.push(`<header><h1>${L('report.title', { case: m.meta.caseId })}</h1>`);
  if (m.meta.title) body.push(`<p>${html(m.meta.title)}</p>`);
  body.push(
    `<p class="meta">${L('report.generated', { time: isoRaw(m.meta.generatedAt), tool: m.meta.tool, zone: tz })}</p></header>`,
  );
  body.push(
    `<nav><h2>${L('report.toc')}</h2><ol>${SECTIONS.map((s) => `<li><a href="#${s}">${L(`report.s.${s}`)}</a></li>`).join('')}</ol></nav>`,
  );

  body.push(
    heading('summary'),
    `<ul class="summary">${managementSummary(m, lang)
      .map((s) => `<li>${html(s)}</li>`)
      .join('')}</ul>`,
  );

  body.push(
    heading('timeline'),
    table(
      [
        L('report.col.time'),
        L('report.col.level'),
        L('report.col.host'),
        L('report.col.event'),
        L('report.col.details'),
        L('report.col.source'),
      ],
      m.timeline
        .slice(0, MAX_ROWS)
        .map((r) => [
          td(formatLocal(r.ts, tz), 'time'),
          tdRaw(levelBadge(r.level)),
          td(r.host ?? '-', 'wrap'),
          td(r.title, 'wrap'),
          tdRaw(`<pre class="value">${html(r.details ?? '')}</pre>`, 'wrap'),
          td(r.source ?? '', 'wrap'),
        ]),
      (m.timelineOmitted ?? 0) + over(m.timeline),
    ),
  );

  const hosts = [...m.hosts].sort(
    (a, b) =>
      VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
      (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity) ||
      a.name.localeCompare(b.name),
  );
  body.push(
    heading('hosts'),
    table(
      [
        L('report.col.host'),
        L('report.col.ips'),
        L('report.col.verdict'),
        L('report.col.confidence'),
        L('report.col.first'),
        L('report.col.last'),
        L('report.col.role'),
        L('report.col.findings'),
        L('report.col.reason'),
      ],
      hosts
        .slice(0, MAX_ROWS)
        .map((h) => [
          td(h.name, 'wrap'),
          td((h.ips ?? []).join(', '), 'wrap'),
          tdRaw(verdictBadge(h.verdict)),
          td(h.confidence === undefined ? '-' : `${Math.round(h.confidence * 100)}%`, 'num'),
          tdRaw(time(h.first_seen), 'time'),
          tdRaw(time(h.last_seen), 'time'),
          td(localText(h.role, lang)),
          td(h.findings ?? '-', 'num'),
          td(localText(h.reason, lang), 'wrap'),
        ]),
      over(hosts),
    ),
  );

  body.push(heading('graph'));
  const kind = (k: string): string => t(dynamicKey(`report.edge.${k}`), {}, lang);
  if (m.edges.length || m.hosts.some((h) => h.verdict === 'compromised')) {
    const named = m.edges.map((e) => (e.label ? { ...e, label: kindNames(e.label, lang) } : e));
    const g = layoutGraph(m.hosts, named);
    body.push(
      `<div class="graph-wrap">${renderSvg(g, t('report.s.graph', {}, lang), kind, (v) => (v === 'external' ? t('report.col.peer', {}, lang) : t(dynamicKey(`report.verdict.${v}`), {}, lang)))}</div>`,
    );
    body.push(
      `<p class="legend">${L('report.graph.legend')}${g.omitted ? ` ${L('report.graph.omitted', { count: g.omitted })}` : ''}</p>`,
    );
  } else body.push(`<p>${L('report.graph.empty')}</p>`);
  const edges = [...m.edges].sort((a, b) => (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity));
  body.push(
    table(
      [
        L('report.col.from'),
        L('report.col.to'),
        L('report.col.kind'),
        L('report.col.label'),
        L('report.col.first'),
        L('report.col.count'),
      ],
      edges
        .slice(0, MAX_ROWS)
        .map((e) => [
          td(e.from, 'wrap'),
          td(e.to, 'wrap'),
          td(kind(e.kind)),
          td(kindNames(e.label ?? '', lang), 'wrap'),
          tdRaw(time(e.first_seen), 'time'),
          td(e.count ?? '-', 'num'),
        ]),
      over(edges),
    ),
  );

  body.push(
    heading('phases'),
    table(
      [
        L('report.col.phase'),
        L('report.col.first'),
        L('report.col.last'),
        L('report.col.hosts'),
        L('report.col.kind'),
        L('report.col.attack'),
      ],
      (m.phases ?? []).map((p) => [
        td(t(`report.phase.${p.phase}`, {}, lang)),
        tdRaw(time(p.first_seen), 'time'),
        tdRaw(time(p.last_seen), 'time'),
        td(p.hosts.join(', '), 'wrap'),
        td(
          Object.entries(p.kinds)
            .map(([k, n]) => `${kindName(k, lang)} ×${n}`)
            .join(', '),
          'wrap',
        ),
        td(p.attack.join(', '), 'wrap'),
      ]),
    ),
  );

  body.push(
    heading('cnc'),
    table(
      [
        L('report.col.peer'),
        L('report.col.kind'),
        L('report.col.hosts'),
        L('report.col.first'),
        L('report.col.last'),
        L('report.col.count'),
        L('report.col.bytes'),
        L('report.col.basis'),
      ],
      m.cnc
        .slice(0, MAX_ROWS)
        .map((c) => [
          tdRaw(`<code>${html(c.peer)}</code>`, 'wrap'),
          td(t(`report.cnc.${c.kind}`, {}, lang)),
          td(c.hosts.join(', '), 'wrap'),
          tdRaw(time(c.first_seen), 'time'),
          tdRaw(time(c.last_seen), 'time'),
          td(c.count ?? '-', 'num'),
          td(formatBytes(c.bytes_out), 'num'),
          td(localText(c.basis, lang), 'wrap'),
        ]),
      over(m.cnc),
    ),
  );

  body.push(heading('containment'));
  const c = m.containment;
  if (c?.measures.length) {
    body.push(
      `<p>${L('report.containment.level', { level: c.level ?? '-', time: isoRaw(c.generated_at), dir: c.dir ?? '-' })}</p>`,
    );
    if (c.indicators) body.push(`<p>${L('report.containment.counts', c.indicators)}</p>`);
    body.push(
      table(
        [
          L('report.col.measure'),
          L('report.col.status'),
          L('report.col.files'),
          L('report.col.c'),
          L('report.col.i'),
          L('report.col.a'),
          L('report.col.rollback'),
        ],
        c.measures.map((x) => {
          const known = (MEASURES as readonly string[]).includes(x.id) ? impactOf(x.id as MeasureId, lang) : undefined;
          return [
            td(localText(x.title, lang) || known?.title || x.id, 'wrap'),
            td(t(`report.status.${x.status}`, {}, lang)),
            td((x.files ?? []).join(', '), 'wrap'),
            td(known?.c ?? '', 'wrap'),
            td(known?.i ?? '', 'wrap'),
            td(known?.a ?? '', 'wrap'),
            td(known?.rollback ?? '', 'wrap'),
          ];
        }),
      ),
    );
  } else body.push(`<p>${L('report.sum.nocontainment')}</p>`);

  body.push(heading('investigation'));
  const inv = deriveInvestigation(m);
  const items = (xs: InvestigationItem[]): string =>
    xs.length
      ? `<ul>${xs.map((x) => `<li>${html(localText(x.text, lang))}${x.evidence?.length ? ` <span class="derived">[${html(x.evidence.join(', '))}]</span>` : ''}${x.derived ? ` <span class="derived">(${L('report.inv.derived')})</span>` : ''}</li>`).join('')}</ul>`
      : `<p>${L('report.inv.unknown')}</p>`;
  for (const k of ['intrusion', 'spread', 'exfiltration', 'recovery'] as const)
    body.push(`<h3>${L(`report.inv.${k}`)}</h3>`, items(inv[k]));

  const findings = [...m.findings].sort((a, b) => a.first_seen - b.first_seen);
  body.push(
    heading('findings'),
    table(
      [
        L('report.col.severity'),
        L('report.col.host'),
        L('report.col.peer'),
        L('report.col.first'),
        L('report.col.last'),
        L('report.col.count'),
        L('report.col.summary'),
        L('report.col.producer'),
      ],
      findings
        .slice(0, MAX_ROWS)
        .map((f) => [
          tdRaw(levelBadge(f.severity)),
          td(f.host ?? '-', 'wrap'),
          td(f.peer ?? '-', 'wrap'),
          tdRaw(time(f.first_seen), 'time'),
          tdRaw(time(f.last_seen), 'time'),
          td(f.count, 'num'),
          td(lang === 'ja' ? f.summary_ja || f.summary_en : f.summary_en, 'wrap'),
          td(`${f.producer}${f.attack?.length ? ` (${f.attack.join(', ')})` : ''}`, 'wrap'),
        ]),
      over(findings),
    ),
  );

  body.push(heading('record'));
  if (m.record) {
    const r = m.record;
    body.push(
      table(
        [L('report.col.phase'), L('report.col.started'), L('report.col.completed')],
        PHASES.map((p) => [
          td(`${p}. ${phaseName(p, lang)}`),
          tdRaw(isoTime(r.phases[p].started), 'time'),
          tdRaw(isoTime(r.phases[p].completed), 'time'),
        ]),
      ),
    );
    body.push(
      table(
        [L('report.col.time'), L('report.col.phase'), L('report.col.author'), L('report.col.note')],
        r.notes.map((n) => [
          tdRaw(isoTime(n.ts), 'time'),
          td(n.phase ?? '-'),
          td(n.author),
          tdRaw(`<pre class="value">${html(n.text)}</pre>`, 'wrap'),
        ]),
      ),
    );
  } else body.push(`<p>${L('report.none')}</p>`);

  body.push(heading('manifest'));
  if (m.manifest) {
    const ver = m.manifest.verification;
    body.push(
      `<p>${L('report.manifest.created', { time: isoRaw(m.manifest.created), tool: m.manifest.tool ?? '-' })} ${ver ? (ver.changes.length ? L('report.manifest.changes', { time: isoRaw(ver.at), count: ver.changes.length }) : L('report.manifest.ok', { time: isoRaw(ver.at) })) : L('report.manifest.notverified')}</p>`,
    );
    const byPath = new Map<string, string[]>();
    for (const ch of ver?.changes ?? [])
      byPath.set(ch.path, [...(byPath.get(ch.path) ?? []), t(`report.change.${ch.kind}`, {}, lang)]);
    body.push(
      table(
        [
          L('report.col.path'),
          L('report.col.sha256'),
          L('report.col.size'),
          L('report.col.mtime'),
          L('report.col.status'),
        ],
        m.manifest.files.map((f) => [
          td(f.path, 'wrap'),
          tdRaw(`<code>${html(f.sha256)}</code>`, 'wrap'),
          td(f.size, 'num'),
          tdRaw(isoTime(f.mtime), 'time'),
          byPath.has(f.path)
            ? tdRaw(`<span class="changed">${html(byPath.get(f.path)!.join(', '))}</span>`)
            : td(ver ? 'OK' : '-'),
        ]),
      ),
    );
  } else body.push(`<p>${L('report.none')}</p>`);

  body.push(`<footer>${L('report.footer')}</footer>`);
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'ja' ? 'ja' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(REPORT_CSS)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${L('report.title', { case: m.meta.caseId })}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

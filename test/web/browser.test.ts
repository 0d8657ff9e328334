/**
 * `konseki serve` in a real browser: playwright-core driving Debian's Chromium over the demo incident
 * (with hostile values added to its logs). One browser for the whole file. Each view is checked against
 * the case files, screenshotted into test-artifacts/web/ (git-ignored), and searched for anything the
 * logs could have injected: elements, scripts, event-handler attributes, CSP violations, dialogs.
 * Skips with a message when Chromium is not installed (.ci/run installs it).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { konseki } from '../support/cli.ts';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HOSTILE_CMD,
  HOSTILE_UA,
  HOSTILE_URL,
  hostileDemoCase,
  type Served,
  startServe,
} from '../support/web.ts';

if (!CHROMIUM)
  console.warn('[konseki tests] chromium not found (apt-get install chromium): skipping the browser tests');

type J = Record<string, unknown>;
const SHOTS = resolve('test-artifacts', 'web');

describe.skipIf(!CHROMIUM)('konseki serve in Chromium', () => {
  let served: Served;
  let ctx: BrowserContext;
  let page: Page;
  let caseDir = '';
  let profile = '';
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    caseDir = (await hostileDemoCase()).caseDir;
    served = await startServe(['--case', caseDir, '--port', '0', '-q']);
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'konseki-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 800 },
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    // recorded from before the page's own script runs; Playwright injects this outside the page's CSP
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.waitForSelector('nav.top');
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    await served?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const show = async (hash: string, ready: string): Promise<void> => {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.waitForSelector(ready);
  };
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const text = (): Promise<string> => page.evaluate(() => document.body.textContent);

  /** Nothing from the logs became markup, script or a handler; the page's own script is the only one. */
  const noInjection = async (): Promise<void> => {
    const r = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      csp: (window as unknown as { __csp: string[] }).__csp,
      foreign: document.querySelectorAll('img, svg, iframe, object, embed, script:not([src="/assets/app.js"])').length,
      handlers: [...document.querySelectorAll('*')]
        .filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)))
        .map((el) => el.outerHTML.slice(0, 120)),
      links: [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => !h.startsWith('#/')),
    }));
    expect(r).toEqual({ pwned: null, csp: [], foreign: 0, handlers: [], links: [] });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  };

  const caseJson = (): J => JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as J;
  const timelineRows = (): J[] =>
    readFileSync(join(caseDir, 'timeline.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as J);

  it('opens on the overview: the composite hosts, patient zero first', async () => {
    await page.waitForSelector('.overview table');
    const composite = caseJson().composite as { hosts: J[]; patient_zero: string };
    const hosts = await page.$$eval('.overview .section:first-of-type tbody tr td:first-child', (tds) =>
      tds.map((td) => (td.textContent ?? '').trim()),
    );
    expect(hosts).toEqual(composite.hosts.map((h) => h.name));
    expect((await page.textContent('[data-testid=patient-zero]'))?.trim()).toBe(composite.patient_zero);
    await shot('overview');
    await noInjection();
  });

  it('filters the timeline to a host and shows the rows timeline.jsonl has for it', async () => {
    await show('#/timeline', '.grid-row');
    await page.fill('input[name=host]', 'FS01');
    await page.click('form.filters button[type=submit]');
    const expected = timelineRows().filter((r) => String(r.Computer).split('.')[0]!.toUpperCase() === 'FS01');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=row-count]')?.textContent?.startsWith(`${n} `),
      expected.length,
    );
    await page.waitForFunction(
      (n) => document.querySelectorAll('.grid-row:not(:has(.pending))').length === n,
      expected.length,
    );
    const titles = await page.$$eval('.grid-row .cell-rule_title', (cells) => cells.map((c) => c.textContent));
    expect(titles).toEqual(expected.map((r) => r.RuleTitle));
    const hosts = await page.$$eval('.grid-row .cell-host', (cells) => cells.map((c) => c.textContent));
    expect(new Set(hosts)).toEqual(new Set(expected.map((r) => r.Computer)));
    expect(page.url()).toContain('host=FS01');
    await shot('timeline-host');
    await page.click('.grid-row >> nth=0');
    await page.waitForSelector('[data-testid=event-panel] .fields');
    expect(await page.textContent('[data-testid=event-panel]')).toContain(String(expected[0]!.RuleTitle));
    await shot('timeline-record');
    await noInjection();
  });

  it('shows hostile values from the logs as text in the timeline and the full record', async () => {
    await show('#/timeline?q=pwned', '.grid-row');
    await page.waitForFunction(() => document.querySelectorAll('.grid-row .cell-details').length >= 2);
    const details = (await page.$$eval('.grid-row .cell-details', (c) => c.map((x) => x.textContent ?? ''))).join('\n');
    expect(details).toContain(HOSTILE_CMD);
    expect(details).toContain(HOSTILE_URL);
    await shot('timeline-hostile');
    await noInjection();
    await page.click('.grid-row:has-text("window.__pwned=5")');
    await page.waitForSelector('[data-testid=event-panel] pre.raw:has-text("window.__pwned=5")');
    const panel = (await page.textContent('[data-testid=event-panel]')) ?? '';
    expect(panel).toContain(HOSTILE_CMD);
    expect(await page.textContent('[data-testid=event-panel] pre.raw')).toContain('window.__pwned=5');
    await shot('record-hostile');
    await noInjection();
    await show('#/timeline?src=ev&q=onerror', '.grid-row');
    await page.waitForFunction(() => document.querySelectorAll('.grid-row .cell-summary').length >= 2);
    const summaries = (await page.$$eval('.grid-row .cell-summary', (c) => c.map((x) => x.textContent ?? ''))).join(
      '\n',
    );
    expect(summaries).toContain(HOSTILE_UA);
    await noInjection();
  });

  it('opens a host page through a pivot: findings, processes with the hostile command line as text', async () => {
    await show('#/timeline?q=pwned', '.grid-row');
    await page.click('.grid-row:has-text("window.__pwned=5") .cell-host .pivot-value');
    await page.click('.pivot-menu a >> nth=0');
    await page.waitForSelector('[data-testid=host-name]');
    expect(await page.textContent('[data-testid=host-name]')).toBe('PC-SALES01');
    await page.waitForSelector('.host-view .value.cmd');
    const body = await text();
    expect(body).toContain(HOSTILE_CMD);
    expect(body).toContain(HOSTILE_UA);
    expect(body).toContain(HOSTILE_URL);
    await shot('host');
    await noInjection();
  });

  it('draws the spread graph and the logon graph with all their nodes', async () => {
    const spread = (await (
      await fetch(`${served.base}/api/graph/spread`, { headers: { 'X-Konseki-Token': served.token } })
    ).json()) as { nodes: J[] };
    await show('#/graphs', '[data-testid=graph][data-nodes]');
    expect(Number(await page.getAttribute('[data-testid=graph]', 'data-nodes'))).toBe(spread.nodes.length);
    const listed = await page.$$eval('[data-testid=graph-node]', (n) => n.map((x) => x.textContent));
    expect(listed.sort()).toEqual(spread.nodes.map((n) => n.label).sort());
    // the canvas holds a drawing: pixels of the node colours
    await page.waitForFunction(() => {
      const cs = [...document.querySelectorAll('[data-testid=graph] canvas')] as HTMLCanvasElement[];
      return cs.some((c) => {
        const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        if (!d) return false;
        for (let i = 0; i < d.length; i += 16) if (d[i + 3]! > 0 && d[i]! > 150 && d[i + 1]! < 80) return true;
        return false;
      });
    });
    await shot('graph-spread');
    await noInjection();
    await show('#/graphs?g=logons', '[data-testid=graph][data-nodes]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=graph-node]')].some((n) => n.textContent === 'svc_backup'),
    );
    const logons = await page.$$eval('[data-testid=graph-node]', (n) => n.map((x) => x.textContent));
    expect(logons).toEqual(expect.arrayContaining(['svc_backup', 'FS01', 'PC-SALES01']));
    await shot('graph-logons');
    await noInjection();
  });

  it('charts a beacon: contacts, interval histogram and heat map', async () => {
    await show('#/network', '[data-testid=pair-dst]');
    const dsts = await page.$$eval('[data-testid=pair-dst]', (c) => c.map((x) => x.textContent));
    expect(dsts).toContain('update-check.example-cdn.net');
    await shot('network');
    await noInjection();
    await show(
      '#/network?host=PC-SALES01&dst=update-check.example-cdn.net&pair=1',
      '[data-testid=interval-chart] canvas',
    );
    expect(Number(await page.getAttribute('[data-testid=contacts-chart]', 'data-points'))).toBeGreaterThan(100);
    expect(await page.textContent('.why')).toContain('periodic communication');
    expect(await page.$$eval('.heat-cell', (c) => c.length)).toBe(7 * 24);
    await shot('network-pair');
    await noInjection();
  });

  it('marks a finding false positive and the regenerated report leaves it out', async () => {
    const findings = readFileSync(join(caseDir, 'findings.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as J);
    const f = findings.find((x) => x.kind === 'rare-user-agent' && x.peer === '203.0.113.99')!;
    // the finding's summary as the report writes it (escaped); the UA itself stays in the proxy detection's row
    const ua = String(f.summary_en)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).toContain(ua);
    await show('#/review', '.review-view table');
    const row = page.locator('.review-view tr', { hasText: HOSTILE_UA });
    await row.locator('button.fp').first().click();
    await row.locator('input[name=reason]').fill('a test User-Agent of our own scanner');
    await row.locator('form.fp-reason button').click();
    await page.waitForSelector('.review-view tr.fp');
    expect(await page.textContent('.review-view tr.fp')).toContain(String(f.summary_en).slice(0, 40));
    await shot('review');
    await noInjection();
    await page.click('[data-testid=regenerate-report]');
    await page.waitForSelector('[data-testid=report-state]');
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).not.toContain(ua);
    const r = konseki(['case', 'report', '--case', caseDir, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(caseDir, 'report.html'), 'utf8')).not.toContain(ua);
  });

  it('writes cnc-only containment files identical to konseki respond', async () => {
    await show('#/contain', '[data-testid=preview]');
    await page.check('input[name=level][value=cnc-only]');
    await page.click('[data-testid=preview]');
    await page.waitForSelector('[data-testid=artifact-content]');
    const tabs = await page.$$eval('[data-testid=artifact-tab]', (t) => t.map((x) => x.textContent));
    await shot('containment');
    await noInjection();
    await page.click('[data-testid=write]');
    await page.waitForSelector('[data-testid=written]');
    const cli = mkdtempSync(join(tmpdir(), 'konseki-respond-cli-'));
    const c = konseki(['respond', '--case', caseDir, '--level', 'cnc-only', '--out', cli, '-q']);
    expect(c.code, c.stderr).toBe(0);
    const web = join(caseDir, 'respond');
    const files = readdirSync(cli).sort();
    expect(readdirSync(web).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(tabs as string[]));
    // the same bytes, apart from what is made of the time each plan was made (stamps, zone serial, pfSense trackers)
    const norm = (s: string): string =>
      s
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
        .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(/g, '<time> (')
        .replace(/SOA (\S+ \S+) \( \d+ /, 'SOA $1 ( <serial> ')
        .replace(/<tracker>\d+<\/tracker>/g, '<tracker/>');
    for (const f of files)
      expect(norm(readFileSync(join(web, f), 'utf8')), f).toBe(norm(readFileSync(join(cli, f), 'utf8')));
  });

  it('switches to Japanese; the API still refuses requests without the token', async () => {
    await show('#/overview', '.overview table');
    await page.click('nav.top button:has-text("日本語")');
    await page.waitForSelector('nav.top a[data-nav=timeline]:has-text("タイムライン")');
    await page.waitForSelector('.overview table');
    await shot('overview-ja');
    await noInjection();
    // the page's own requests carry the session; a request without the token gets 401
    expect(await page.evaluate(async () => (await fetch('/api/overview')).status)).toBe(200);
    expect((await fetch(`${served.base}/api/overview`)).status).toBe(401);
  });
});

/**
 * The investigation workspace in the browser (served by `konseki serve`): one page, views chosen by the
 * URL's hash. Preact renders every value from the case as text (never as markup).
 */
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.ts';
import { setZone } from './format.ts';
import { currentLang, loadMessages, savedLang, t } from './i18n.ts';
import { parseHash, type Route } from './router.ts';
import { ContainView } from './views/contain.tsx';
import { GraphsView } from './views/graphs.tsx';
import { HostView } from './views/host.tsx';
import { NetworkView } from './views/network.tsx';
import { OverviewView } from './views/overview.tsx';
import { ReviewView } from './views/review.tsx';
import { TimelineView } from './views/timeline.tsx';

interface Session {
  lang: 'en' | 'ja';
  caseId: string | null;
  title: string | null;
  timeZone: string;
  version: string;
  ready: boolean;
  indexing: { seconds: number; error: string | null };
}

const VIEWS = ['overview', 'timeline', 'graphs', 'network', 'review', 'contain'] as const;

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'timeline':
      return <TimelineView params={route.params} />;
    case 'host':
      return <HostView name={route.arg} />;
    case 'graphs':
      return <GraphsView params={route.params} />;
    case 'network':
      return <NetworkView params={route.params} />;
    case 'review':
      return <ReviewView params={route.params} />;
    case 'contain':
      return <ContainView />;
    default:
      return <OverviewView />;
  }
}

function App({ session }: { session: Session }) {
  const [route, setRoute] = useState(parseHash(location.hash));
  const [lang, setLang] = useState(currentLang());
  useEffect(() => {
    const on = (): void => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const [indexing, setIndexing] = useState(session.ready ? null : session.indexing);
  useEffect(() => {
    if (!indexing || indexing.error) return;
    const timer = setTimeout(
      () =>
        void get<Session>('/session').then(
          (s) => setIndexing(s.ready ? null : s.indexing),
          () => undefined,
        ),
      1500,
    );
    return () => clearTimeout(timer);
  }, [indexing]);
  const switchLang = (l: 'en' | 'ja'): void => void loadMessages(l).then(() => setLang(l));
  return (
    <div class="app" data-lang={lang} data-view={route.view}>
      <nav class="top">
        <a class="brand" href="#/overview">
          konseki <span class="muted">痕跡</span>
        </a>
        <span class="case-id">{session.title ?? session.caseId ?? ''}</span>
        {VIEWS.map((v) => (
          <a class={`nav${route.view === v ? ' active' : ''}`} href={`#/${v}`} data-nav={v}>
            {t(`web.nav.${v}`)}
          </a>
        ))}
        <span class="spacer" />
        <span class="muted small">{session.timeZone}</span>
        <button type="button" class={`small${lang === 'ja' ? ' active' : ''}`} onClick={() => switchLang('ja')}>
          日本語
        </button>
        <button type="button" class={`small${lang === 'en' ? ' active' : ''}`} onClick={() => switchLang('en')}>
          English
        </button>
      </nav>
      {indexing && (
        <div class={indexing.error ? 'banner error' : 'banner'} data-testid="indexing">
          {indexing.error
            ? t('web.index_failed', { error: indexing.error })
            : t('web.indexing', { s: indexing.seconds })}
        </div>
      )}
      <main key={`${lang}|${route.view}|${route.arg}`}>
        <View route={route} />
      </main>
    </div>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  try {
    const session = await get<Session>('/session');
    setZone(session.timeZone);
    await loadMessages(savedLang() ?? session.lang);
    document.title = `konseki — ${session.title ?? session.caseId ?? ''}`;
    render(<App session={session} />, root);
  } catch (e) {
    root.textContent = `konseki: ${String(e)}`;
  }
}

void start();

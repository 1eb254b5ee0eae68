import { ApiProvider, useConnection } from './api';
import { ErrorState, Loading } from './components/States';
import { useEffect } from 'react';
import { shortcutFor } from './lib/shortcuts';
import { href, navigate, useRoute, type Route } from './router';
import { CompareScreen } from './screens/CompareScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { HelpScreen } from './screens/HelpScreen';
import { RunsScreen } from './screens/RunsScreen';
import { WizardScreen } from './screens/WizardScreen';
import { PRODUCT_NAME } from '../../shared/product';

const NAV: Array<{ label: string; route: Route; match: Route['screen'][] }> = [
  { label: 'Runs', route: { screen: 'runs' }, match: ['runs', 'run'] },
  { label: 'New search', route: { screen: 'new' }, match: ['new'] },
  { label: 'Compare', route: { screen: 'compare', ids: [] }, match: ['compare'] },
  { label: 'Help', route: { screen: 'help' }, match: ['help'] },
];

export function App() {
  return (
    <ApiProvider>
      <Shell />
    </ApiProvider>
  );
}

/** Single-key shortcuts (lib/shortcuts), anywhere but in a field; an open dialog keeps its keys. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const s = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, repeat: e.repeat, target: e.target instanceof Element ? (e.target as HTMLElement) : null });
      if (!s) return;
      e.preventDefault();
      navigate(s.route);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Shell() {
  const route = useRoute();
  const { connection, reconnect } = useConnection();
  useShortcuts();
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={href({ screen: 'runs' })}>
          {PRODUCT_NAME}
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.label}>
                <a href={href(n.route)} aria-current={n.match.includes(route.screen) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className={`conn conn-${connection.state}`} role="status" data-testid="connection">
          {connection.state === 'ready' ? (connection.transport === 'electron' ? 'desktop' : 'connected') : connection.state}
        </span>
      </header>
      <main className="content">
        {connection.state === 'connecting' && <Loading what="the connection to the host" />}
        {(connection.state === 'failed' || connection.state === 'closed') && <ErrorState what="the host" error={new Error(connection.message)} retry={reconnect} />}
        {connection.state === 'ready' && <Screen route={route} />}
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'runs':
      return <RunsScreen />;
    case 'new':
      return <WizardScreen key={`${route.clone}|${route.template}|${route.preset}`} clone={route.clone} template={route.template} preset={route.preset} />;
    case 'run':
      return <DashboardScreen key={route.id} id={route.id} />;
    case 'compare':
      return <CompareScreen ids={route.ids} />;
    case 'help':
      return <HelpScreen topic={route.topic} />;
  }
}

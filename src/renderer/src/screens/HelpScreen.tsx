import { useEffect } from 'react';
import { useApi } from '../api';
import { ErrorState, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { href } from '../router';

/** Every plug-in the engine offers, with the paper section it follows: the wizard's help links land here. */
export function HelpScreen({ topic }: { topic?: string }) {
  const api = useApi();
  const catalog = useAsync(() => api.call('catalog'), [api]);
  useEffect(() => {
    if (topic && catalog.status === 'ready') document.getElementById(`help-${topic}`)?.scrollIntoView();
  }, [topic, catalog.status]);
  if (catalog.status === 'loading') return <Loading what="help" />;
  if (catalog.status === 'error') return <ErrorState what="help" error={catalog.error} retry={catalog.reload} />;
  const { plugins, presets } = catalog.value;
  return (
    <section className="help" aria-labelledby="help-title">
      <h1 id="help-title">Help: what the engine offers</h1>
      <p>
        Each entry names the paper and section it follows. Choose them in the <a href={href({ screen: 'new' })}>New search</a> wizard.
      </p>
      <h2>Presets</h2>
      <dl>
        {presets.map((p) => (
          <div key={p.id} id={`help-preset-${p.id}`}>
            <dt>
              <a href={href({ screen: 'new', preset: p.id })}>{p.title}</a>
            </dt>
            <dd>{p.description}</dd>
          </div>
        ))}
      </dl>
      {Object.entries(plugins).map(([kind, entries]) => (
        <section key={kind} aria-labelledby={`help-kind-${kind}`}>
          <h2 id={`help-kind-${kind}`}>{kind}</h2>
          <dl>
            {entries.map((e) => (
              <div key={e.id} id={`help-${kind}-${e.id}`} className={topic === `${kind}-${e.id}` ? 'help-focus' : undefined}>
                <dt>
                  {e.title} <code>{e.id}</code>
                </dt>
                <dd>
                  {e.description && <p>{e.description}</p>}
                  {e.paper && <p className="paper">Source: {e.paper}</p>}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </section>
  );
}

import { useEffect } from 'react';
import { entryPaper, paperLink, presetPaper, type Paper } from '../../../shared/papers';
import { useApi } from '../api';
import { ErrorState, Loading } from '../components/States';
import { useAsync } from '../hooks/useAsync';
import { SHORTCUTS } from '../lib/shortcuts';
import { href } from '../router';

// The page's sections, each reachable as #/help?topic=<id> (plain #fragments would leave the hash router's route).
const TOPICS = [
  ['getting-started', 'Getting started'],
  ['shortcuts', 'Keyboard shortcuts'],
  ['charts', 'Reading the charts'],
  ['presets', 'Presets'],
  ['methods', 'Methods'],
] as const;

/** A paper as Help cites it: title and authors, linked to arXiv (or its DOI) where the seed papers give one. */
function PaperLine({ paper }: { paper: Paper | null }) {
  if (!paper) return null;
  const link = paperLink(paper);
  const id = paper.arxiv ? `arXiv:${paper.arxiv}` : paper.doi ? `doi:${paper.doi}` : null;
  return (
    <p className="paper">
      Paper: <cite>{paper.title}</cite> ({paper.cite})
      {link && (
        <>
          {' '}
          <a href={link} target="_blank" rel="noopener noreferrer" data-testid="paper-link">
            {id}
          </a>
        </>
      )}
    </p>
  );
}

/**
 * Getting started, the keyboard shortcuts, how to read the charts, and every method and preset the
 * engine offers with the paper it follows: the wizard's help links land on an entry here.
 */
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
      <h1 id="help-title">Help</h1>
      <nav aria-label="Help topics">
        {TOPICS.map(([id, title], i) => (
          <span key={id}>
            {i > 0 && ' · '}
            <a href={href({ screen: 'help', topic: id })}>{title}</a>
          </span>
        ))}
      </nav>

      <section id="help-getting-started" aria-labelledby="help-getting-started-title" className={topic === 'getting-started' ? 'help-focus' : undefined}>
        <h2 id="help-getting-started-title">Getting started</h2>
        <ol>
          <li>
            Open <a href={href({ screen: 'new', preset: 'quick' })}>New search with the Quick demo preset</a>: a first-order DARTS search on MNIST that finishes in minutes on a laptop CPU.
          </li>
          <li>Walk the wizard's steps (dataset, search space, strategy, schedule). Every field says what it does; a paper link beside a choice leads to its entry below. Your edits are kept as a draft until you launch or discard them.</li>
          <li>On Review, read the time estimate, then press Launch search.</li>
          <li>The run's dashboard shows the curves as they come in, the α weights of every edge, the derived cells, and the diagnostics that warn of a collapsing search. Pause and resume it at any time.</li>
          <li>When it finishes, retrain the derived architecture from scratch (Retrain), or export the genotype, the figures and a report.</li>
          <li>
            Launch a second search (another seed or method), then tick both on the <a href={href({ screen: 'runs' })}>Runs</a> screen and press Compare.
          </li>
        </ol>
      </section>

      <section id="help-shortcuts" aria-labelledby="help-shortcuts-title" className={topic === 'shortcuts' ? 'help-focus' : undefined}>
        <h2 id="help-shortcuts-title">Keyboard shortcuts</h2>
        <p>Single keys, anywhere except while typing in a field or with a dialog open.</p>
        <table className="data-table" data-testid="shortcuts">
          <thead>
            <tr>
              <th>key</th>
              <th>goes to</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.key}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>In charts: drag across a chart to zoom into that range, use the mouse wheel to zoom around the pointer, drag with Shift (or the middle button) to pan, and double-click to reset. Sliders move with the arrow keys, Page Up/Down, Home and End; Escape closes a dialog.</p>
      </section>

      <section id="help-charts" aria-labelledby="help-charts-title">
        <h2 id="help-charts-title">Reading the charts</h2>
        <dl>
          <dt>Curves</dt>
          <dd>Per-step losses and accuracies are noisy batch estimates: the smoothing slider draws their moving average over the faint raw line, and the true last value is always printed beside the smoothed one. Schedules (learning rates, drop path) and per-epoch values are never smoothed. Epochs and steps count from 1.</dd>
          <dt>α heat map</dt>
          <dd>One row per edge, one column per op. The colour is anchored at uniform (1/number of ops, white): blue above it, orange below, so early small moves stay faint. The outlined cell is the strongest op of each row, which the derivation would pick when it is not "none".</dd>
          <dt>Cells</dt>
          <dd>The derived architecture, left to right: the two inputs c_{'{k-2}'} and c_{'{k-1}'}, nodes 0 … n−1, and the output c_{'{k}'}; each edge is labelled with its op and its weight.</dd>
          <dt>Diagnostics</dt>
          <dd>Per-epoch signs of a collapsing search: the skip_connect count in the normal cell, the weight of none and of the parameter-free ops, the entropy of α and how many edges changed since the last epoch. Dashed lines mark the thresholds; a plain-language warning appears when one is crossed.</dd>
          <dt>Compare</dt>
          <dd>Every metric panel at once, against steps (or epochs), the time since each run started, or the wall clock; the panels share the crosshair and the zoom. In parallel coordinates, drag along an axis to keep only the runs in that range, colour the lines by any axis, and click a line to open its run.</dd>
        </dl>
      </section>

      <section id="help-presets" aria-labelledby="help-presets-title">
        <h2 id="help-presets-title">Presets</h2>
        <dl>
          {presets.map((p) => (
            <div key={p.id} id={`help-preset-${p.id}`} data-testid={`help-preset-${p.id}`}>
              <dt>
                <a href={href({ screen: 'new', preset: p.id })}>{p.title}</a>
              </dt>
              <dd>
                <p>{p.description}</p>
                <PaperLine paper={presetPaper(p.id)} />
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section id="help-methods" aria-labelledby="help-methods-title">
        <h2 id="help-methods-title">Methods</h2>
        <p>
          Every plug-in the engine offers, with the paper and section it follows. Choose them in the <a href={href({ screen: 'new' })}>New search</a> wizard.
        </p>
        {Object.entries(plugins).map(([kind, entries]) => (
          <section key={kind} aria-labelledby={`help-kind-${kind}`}>
            <h3 id={`help-kind-${kind}`}>{kind}</h3>
            <dl>
              {entries.map((e) => (
                <div key={e.id} id={`help-${kind}-${e.id}`} className={topic === `${kind}-${e.id}` ? 'help-focus' : undefined} data-testid={`help-${kind}-${e.id}`}>
                  <dt>
                    {e.title} <code>{e.id}</code>
                  </dt>
                  <dd>
                    {e.description && <p>{e.description}</p>}
                    {e.paper && <p className="paper">Source: {e.paper}</p>}
                    <PaperLine paper={entryPaper(kind, e.id)} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </section>
    </section>
  );
}

import type { RunDetail } from '../../../shared/runs';
import { formatCount, formatNumber } from '../lib/format';
import { retrainConfig, retrainMeta } from '../lib/retrain';
import { href } from '../router';
import { ordinal } from '../lib/axes';
import { GenotypeCells } from './GenotypeCells';
import { Empty } from './States';
import { runFileStem } from '../../../shared/export-names';

/** What a retraining run is: the search it came from, the network's size, and the genotype's cells. */
export function RetrainSummary({ run }: { run: Pick<RunDetail, 'id' | 'name' | 'kind' | 'config' | 'meta' | 'parentRunId'> }) {
  const config = retrainConfig(run);
  const meta = retrainMeta(run.meta);
  if (!config) return null;
  const { source, model } = config;
  const parent = run.parentRunId ?? source.run ?? null;
  return (
    <div className="retrain-summary" data-testid="retrain-summary">
      <dl className="facts">
        <dt>Genotype from</dt>
        <dd>
          {parent ? (
            <a href={href({ screen: 'run', id: parent })} data-testid="parent-link">
              search <code>{parent.slice(0, 8)}</code>
            </a>
          ) : source.named ? (
            <>
              built-in <code>{source.named}</code>
            </>
          ) : (
            'a given genotype'
          )}
          {source.epoch !== undefined ? `, after epoch ${ordinal(source.epoch)}` : parent ? ', final' : ''}
        </dd>
        <dt>Network</dt>
        <dd>
          {model.layers} cells, C = {model.channels}
          {model.auxiliary ? `, auxiliary head (weight ${model.auxiliaryWeight})` : ', no auxiliary head'}, drop path → {model.dropPathProb}
        </dd>
        <dt>Parameters</dt>
        <dd data-testid="retrain-params">{meta ? `${formatNumber(meta.params / 1e6, 3)} M (${formatCount(meta.params)}${meta.trainedParams !== meta.params ? `; ${formatCount(meta.trainedParams)} trained, with the auxiliary head` : ''})` : '–'}</dd>
        <dt>Multiply-adds</dt>
        <dd data-testid="retrain-madds">{meta ? `${formatNumber(meta.multiplyAdds / 1e6, 4)} M per image` : '–'}</dd>
        {meta && (
          <>
            <dt>Data</dt>
            <dd>
              {meta.dataset.title}: {formatCount(meta.trainExamples)} train, {formatCount(meta.valExamples)} validation ({meta.valSource === 'test' ? 'the test split' : 'held out from training'})
            </dd>
            <dt>Preprocessing</dt>
            <dd>
              (pixel/255 − mean)/std, mean [{meta.preprocessing.mean.map((v) => formatNumber(v, 4)).join(', ')}], std [{meta.preprocessing.std.map((v) => formatNumber(v, 4)).join(', ')}]
            </dd>
          </>
        )}
      </dl>
      {!meta && <Empty title="Size not measured yet.">Parameters and multiply-adds appear once the run starts.</Empty>}
      <GenotypeCells genotype={config.genotype} exportName={runFileStem(run.name)} />
    </div>
  );
}

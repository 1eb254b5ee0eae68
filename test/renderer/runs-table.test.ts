import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/shared/runs';
import { BASE_COLUMNS, NO_FILTERS, runsQuery } from '../../src/renderer/src/screens/RunsScreen';

// The runs table tells searches from retrainings and links each run to its parent.

const SEARCH = '00000000-0000-4000-8000-0000000000aa';
const summary = (over: Partial<RunSummary>): RunSummary => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'r',
  status: 'done',
  kind: 'search',
  parentRunId: null,
  tags: [],
  createdAt: 0,
  startedAt: null,
  finishedAt: null,
  seed: 0,
  backend: 'cpu',
  device: null,
  gpu: null,
  appVersion: '0',
  dataset: 'mnist',
  space: 'darts',
  strategy: 'first-order',
  epochs: 2,
  epochsDone: 2,
  bestValAcc: null,
  finalValAcc: null,
  ...over,
});
const cell = (id: string, run: RunSummary) => renderToStaticMarkup(createElement(Fragment, null, BASE_COLUMNS.find((c) => c.id === id)!.render!(run)));

describe('the runs table', () => {
  it("shows each run's kind and links a retraining to the search whose genotype it trains", () => {
    const retrain = summary({ kind: 'retrain', parentRunId: SEARCH, space: 'genotype', strategy: 'retrain' });
    expect(cell('kind', retrain)).toContain('retraining');
    expect(cell('kind', summary({}))).toContain('search');
    expect(cell('kind', retrain)).toContain(`<a class="parent-link" href="#/run/${SEARCH}" title="the search whose genotype this trains">of <code>00000000</code></a>`);
    expect(cell('kind', summary({ parentRunId: SEARCH }))).toContain('clone of');
    expect(cell('kind', summary({}))).not.toContain('<a');
  });

  it("names the split of each accuracy: a search's α split, a retraining's test split", () => {
    expect(cell('finalValAcc', summary({ finalValAcc: 0.34 }))).toMatch(/34\.00%.*α split/);
    expect(cell('finalValAcc', summary({ kind: 'retrain', finalValAcc: 0.9 }))).toMatch(/90\.00%.*test split/);
    expect(cell('bestValAcc', summary({ kind: 'retrain', bestValAcc: 0.9 }))).toContain('test split');
    expect(cell('finalValAcc', summary({}))).toBe('–');
  });

  it('asks the host for one kind when the kind filter is set, and for both when it is not', () => {
    expect(runsQuery({ ...NO_FILTERS, kind: 'retrain' }, 'created', 'desc')).toEqual({ kind: 'retrain', sort: 'created', order: 'desc', limit: 500 });
    expect(runsQuery(NO_FILTERS, undefined, 'asc')).not.toHaveProperty('kind');
  });
});

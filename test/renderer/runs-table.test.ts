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
    expect(cell('parent', retrain)).toBe(`<a href="#/run/${SEARCH}" title="the search whose genotype this trains">genotype of <code>00000000</code></a>`);
    expect(cell('parent', summary({ parentRunId: SEARCH }))).toContain('clone of');
    expect(cell('parent', summary({}))).toBe('–');
  });

  it('asks the host for one kind when the kind filter is set, and for both when it is not', () => {
    expect(runsQuery({ ...NO_FILTERS, kind: 'retrain' }, 'created', 'desc')).toEqual({ kind: 'retrain', sort: 'created', order: 'desc', limit: 500 });
    expect(runsQuery(NO_FILTERS, undefined, 'asc')).not.toHaveProperty('kind');
  });
});

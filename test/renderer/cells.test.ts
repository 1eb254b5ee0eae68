import { describe, expect, it } from 'vitest';
import { deriveArchitecture, getDeriveRule } from '../../src/engine/derive';
import { genotypeToJson } from '../../src/engine/genotype';
import { getSearchSpace } from '../../src/engine/spaces';
import type { GenotypeJsonShape } from '../../src/shared/search-events';
import { alphaRowLabels, cellFigure, cellNodes, comparedCells, drawnCells, edgeAlphaRow, edgeWeight, genotypeNodes, matchingCell, shownCells } from '../../src/renderer/src/lib/cell';

// Per-cell genotypes come from the engine itself (Amended-DARTS S2, 5 cells reducing at 1 and 3), so
// the α group names and row layout the panel assumes are checked against what a search emits.
const space = getSearchSpace('amended-s2');
const PRIMS = [...space.primitives];
/** Distinct weights per α group and row (p = 0.05 + 0.01·(8i + r) < 0.5); the winner alternates by row, flipped in odd cells. */
const alphas = Object.fromEntries(
  [0, 1, 2, 3, 4].map((i) => [
    `cell${i}`,
    space.edges(4).map((_, r) => {
      const p = 0.05 + 0.01 * (8 * i + r);
      return (r + i) % 2 ? [p, 1 - p] : [1 - p, p];
    }),
  ]),
);
const perCell = genotypeToJson(deriveArchitecture(getDeriveRule(space.derivation), alphas, { space, layers: 5 })) as GenotypeJsonShape;
const pair: GenotypeJsonShape = {
  normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['dil_conv_3x3', 2]],
  normal_concat: [2, 3, 4, 5],
  reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  reduce_concat: [2, 3, 4, 5],
};

describe('drawn cells of a genotype', () => {
  it('lists every cell of a per-cell genotype in network order, titled from 1, with its α group', () => {
    const cells = drawnCells(perCell);
    expect(cells.map((c) => c.title)).toEqual(['Cell 1 of 5 (normal)', 'Cell 2 of 5 (reduction)', 'Cell 3 of 5 (normal)', 'Cell 4 of 5 (reduction)', 'Cell 5 of 5 (normal)']);
    expect(cells.map((c) => c.alphaGroup)).toEqual(['cell0', 'cell1', 'cell2', 'cell3', 'cell4']);
    expect(new Set(cells.map((c) => c.fileStem)).size).toBe(5);
    expect(cells[1].fileStem).toBe('cell2-of-5-reduction');
    // The fixed chain: node j reads c_{k-2} and state j + 1.
    for (const c of cells) expect(c.edges.map((e) => [e.from, e.to])).toEqual([[0, 0], [1, 0], [0, 1], [2, 1], [0, 2], [3, 2], [0, 3], [4, 3]]);
    // Each cell follows its own α: cell 0 takes skip_connect on even rows, cell 1 on odd ones.
    expect(cells[0].edges.map((e) => e.op)).toEqual(Array.from({ length: 4 }, () => ['skip_connect', 'sep_conv_3x3']).flat());
    expect(cells[1].edges.map((e) => e.op)).toEqual(cells[0].edges.map((e) => PRIMS[1 - PRIMS.indexOf(e.op)]));
  });

  it('keeps an ordinary genotype as its normal and reduction cell', () => {
    const cells = drawnCells(pair);
    expect(cells.map((c) => [c.id, c.title, c.alphaGroup, c.fileStem])).toEqual([
      ['normal', 'Normal cell', 'normal', 'normal'],
      ['reduce', 'Reduction cell', 'reduce', 'reduce'],
    ]);
    expect(cells[0].edges[7]).toEqual({ op: 'dil_conv_3x3', from: 2, to: 3 });
    expect(shownCells(pair, 3)).toMatchObject({ picked: null, shown: cells });
  });

  it('shows the picked cell of a per-cell genotype, clamping a pick beyond the network', () => {
    expect(shownCells(perCell, 3).shown.map((c) => c.id)).toEqual(['cell3']);
    expect(shownCells(perCell, 3).picked).toBe(3);
    expect(shownCells(perCell, 40)).toMatchObject({ picked: 4, shown: [{ id: 'cell4' }] });
    expect(shownCells(perCell, -1).picked).toBe(0);
  });

  it('weights each edge with the α row the engine derived it from', () => {
    for (const cell of drawnCells(perCell)) {
      const w = alphas[cell.alphaGroup];
      const nodes = cellNodes(cell.edges, cell.concat);
      expect(nodes).toBe(4);
      for (const e of cell.edges) {
        const row = space.edges(4).findIndex((x) => x.from === e.from && x.to === e.to);
        expect(edgeAlphaRow(e, w.length, nodes)).toBe(row);
        // The derived op is the row's argmax, so its weight is the row's larger one.
        expect(edgeWeight(e, w, PRIMS, nodes)).toBe(Math.max(...w[row]));
      }
    }
    // Without the node count, 8 rows read as no known layout; an edge outside the chain has no row.
    expect(edgeWeight(drawnCells(perCell)[0].edges[0], alphas.cell0, PRIMS)).toBeNull();
    expect(edgeAlphaRow({ op: 'skip_connect', from: 1, to: 2 }, 8, 4)).toBeNull();
    // The all-previous layout (DARTS, 14 rows) is unchanged: node 3 from state 2 is row 11.
    expect(edgeAlphaRow({ op: 'skip_connect', from: 2, to: 3 }, 14, 4)).toBe(11);
  });

  it('hands a per-cell cell to the renderer with its own α group weighting it', () => {
    const c = drawnCells(perCell)[1];
    const fig = cellFigure(c, alphas[c.alphaGroup], PRIMS);
    expect(fig.edges).toHaveLength(8);
    expect(fig.edges.map((e) => e.weight)).toEqual(c.edges.map((e) => edgeWeight(e, alphas.cell1, PRIMS, 4)));
    expect(fig.edges.every((e) => typeof e.weight === 'number')).toBe(true);
  });
});

describe('genotypes side by side', () => {
  it('compares the same network position between per-cell genotypes, and the same cell type with a pair', () => {
    const cells = drawnCells(perCell);
    expect(matchingCell(cells[3], drawnCells(perCell))?.id).toBe('cell3');
    expect(matchingCell(cells[3], drawnCells(pair))?.id).toBe('reduce');
    expect(matchingCell(drawnCells(pair)[0], cells)?.id).toBe('cell0');
    const view = comparedCells([pair, null, perCell], 3);
    expect(view.choices?.map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(view.picked).toBe(3);
    expect(view.shown.map((s) => s.map((c) => c.id))).toEqual([['reduce'], [], ['cell3']]);
  });

  it('shows each pair whole when no genotype is per-cell', () => {
    const view = comparedCells([pair, pair], 5);
    expect(view).toMatchObject({ choices: null, picked: null });
    expect(view.shown.map((s) => s.map((c) => c.id))).toEqual([
      ['normal', 'reduce'],
      ['normal', 'reduce'],
    ]);
  });
});

describe('α row labels', () => {
  it('names the fixed chain rows by the edge the engine keeps there, given the node count', () => {
    const labels = ['c_{k-2} → 0', 'c_{k-1} → 0', 'c_{k-2} → 1', '0 → 1', 'c_{k-2} → 2', '1 → 2', 'c_{k-2} → 3', '2 → 3'];
    expect(alphaRowLabels(8, genotypeNodes(perCell))).toEqual(labels);
    // Each drawn edge sits on the row its label names.
    const cell = drawnCells(perCell)[2];
    for (const e of cell.edges) expect(labels[edgeAlphaRow(e, 8, 4)!]).toBe(`${e.from === 0 ? 'c_{k-2}' : e.from === 1 ? 'c_{k-1}' : e.from - 2} → ${e.to}`);
    // DARTS's 14 rows keep the all-previous labels with or without the node count; unknown shapes stay numbered.
    expect(alphaRowLabels(14, 4)).toEqual(alphaRowLabels(14));
    expect(alphaRowLabels(14)[13]).toBe('2 → 3');
    expect(alphaRowLabels(14, 7)[1]).toBe('c_{k-1} → 0');
    // Node 6 of a 7-node chain reads node 5 (state 7).
    expect(alphaRowLabels(14, 7)[13]).toBe('5 → 6');
    expect(alphaRowLabels(8)[7]).toBe('edge 7');
  });
});

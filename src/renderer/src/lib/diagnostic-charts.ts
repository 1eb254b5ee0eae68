import { ordinal } from './axes';
import { NONE_COLLAPSE, paramFreeLimit, SKIP_COLLAPSE, type CellStats } from './collapse';
import type { ChartMark } from './stages';

/** One epoch's figures computed from α and the derived genotype (epoch counted from 0). */
export interface AlphaRow {
  epoch: number;
  skips: number | null;
  normal: CellStats | null;
  reduce: CellStats | null;
}

/** A diagnostics plot over epochs: its lines, and the collapse threshold where one applies. */
export interface DiagnosticChart {
  title: string;
  /** The internal key(s) it plots, shown small under the title. */
  keys: string;
  lines: Array<{ id: string; label: string; x: number[]; y: Array<number | null> }>;
  marks: ChartMark[];
}

const line = (rows: readonly AlphaRow[], id: string, label: string, value: (r: AlphaRow) => number | null | undefined) => ({ id, label, x: rows.map((r) => ordinal(r.epoch)), y: rows.map((r) => value(r) ?? null) });

/** The α collapse signatures as plots over epochs, each with the threshold its warning uses. */
export function alphaCharts(rows: readonly AlphaRow[]): DiagnosticChart[] {
  const latest = rows.at(-1)?.normal;
  return [
    { title: 'skip_connect edges in the normal cell', keys: 'genotype', lines: [line(rows, 'skips', 'normal', (r) => r.skips)], marks: [{ y: SKIP_COLLAPSE, label: `DARTS+ collapse: ≥ ${SKIP_COLLAPSE}` }] },
    {
      title: 'Parameter-free share of α (none excluded)',
      keys: 'α',
      lines: [line(rows, 'pf-normal', 'normal', (r) => r.normal?.paramFreeShare), line(rows, 'pf-reduce', 'reduce', (r) => r.reduce?.paramFreeShare)],
      marks: latest ? [{ y: paramFreeLimit(latest), label: 'collapse above' }] : [],
    },
    { title: 'Mean none weight', keys: 'α', lines: [line(rows, 'none-normal', 'normal', (r) => r.normal?.noneWeight), line(rows, 'none-reduce', 'reduce', (r) => r.reduce?.noneWeight)], marks: [{ y: NONE_COLLAPSE, label: 'drowns the other ops above' }] },
    { title: 'α entropy (share of the maximum; lower = more decided)', keys: 'α', lines: [line(rows, 'h-normal', 'normal', (r) => r.normal?.entropyRatio), line(rows, 'h-reduce', 'reduce', (r) => r.reduce?.entropyRatio)], marks: [] },
  ];
}

/** Plain titles of the quantities strategies and the search report (`<group>.<name>`), by name; others show their key. */
const QUANTITY_TITLES: Record<string, string> = {
  none_weight: 'Mean none weight',
  none_dominant: 'Edges none dominates',
  skip_dominant: 'Edges led by skip_connect',
  skip_dominant_fraction: 'Share of edges led by skip_connect',
  param_free_share: 'Parameter-free share of α',
  entropy: 'α entropy (nats)',
  normal_skip: 'skip_connects in the derived normal cell',
  normal_param_free: 'Parameter-free ops in the derived normal cell',
  changed_edges: 'Genotype edges changed since the previous epoch',
  g1_norm: '‖g1‖ (validation-loss gradient of α)',
  g2_norm: "‖g2′‖ (Amended-DARTS' second-order term)",
  cos_g1_g2: 'cos(g1, g2′)',
  chi: 'χ (asymptotic train-loss weight)',
  train_term_norm: 'Norm of the train-loss term',
  tensors: 'Live TF.js tensors at the epoch end (grows only on a leak)',
};
const THRESHOLDS: Record<string, ChartMark> = {
  none_weight: { y: NONE_COLLAPSE, label: 'drowns the other ops above' },
  normal_skip: { y: SKIP_COLLAPSE, label: `DARTS+ collapse: ≥ ${SKIP_COLLAPSE}` },
};

/**
 * Host-reported diagnostics as plots over epochs: one per quantity name, one line per group
 * (normal, reduce, cell3, …), titled in plain words with the keys kept for reference.
 */
export function reportedCharts(values: ReadonlyArray<{ epoch: number; key: string; value: number | null }>): DiagnosticChart[] {
  const byName = new Map<string, Map<string, Array<{ epoch: number; value: number | null }>>>();
  for (const v of values) {
    const dot = v.key.lastIndexOf('.');
    const [group, name] = dot < 0 ? ['', v.key] : [v.key.slice(0, dot), v.key.slice(dot + 1)];
    const groups = byName.get(name) ?? new Map<string, Array<{ epoch: number; value: number | null }>>();
    groups.set(group, [...(groups.get(group) ?? []), { epoch: v.epoch, value: v.value }]);
    byName.set(name, groups);
  }
  return [...byName].map(([name, groups]) => {
    const keys = [...groups.keys()].map((g) => (g ? `${g}.${name}` : name));
    return {
      title: QUANTITY_TITLES[name] ?? name,
      keys: keys.join(', '),
      lines: [...groups].map(([group, points]) => {
        const sorted = [...points].sort((a, b) => a.epoch - b.epoch);
        return { id: `${group}.${name}`, label: group || name, x: sorted.map((p) => ordinal(p.epoch)), y: sorted.map((p) => p.value) };
      }),
      marks: THRESHOLDS[name] ? [THRESHOLDS[name]] : [],
    };
  });
}

import type { SearchConfig } from '../../shared/config';

const SCHEDULABLE = "strategy.options.<name>, regularizers.<id or index>.options.<name>, archOptimizer.lr, weightOptimizer.gradClip";

/**
 * The config with one scalar replaced: how a schedule in `config.schedules` drives an option.
 * Paths name a plug-in option (`strategy.options.eta`, `regularizers.skip-dropout.options.rate`,
 * the regularizer by id or position) or an optimizer scalar the loop reads each step. The weight
 * learning rate has its own schedule (weightOptimizer.schedule). Plug-in schemas check the value
 * when the plug-in is created from the result.
 */
export function withScalar(c: SearchConfig, path: string, value: number): SearchConfig {
  const p = path.split('.');
  if (p.length === 3 && p[0] === 'strategy' && p[1] === 'options') return { ...c, strategy: { ...c.strategy, options: { ...c.strategy.options, [p[2]]: value } } };
  if (p.length === 4 && p[0] === 'regularizers' && p[2] === 'options') {
    const i = /^\d+$/.test(p[1]) ? Number(p[1]) : c.regularizers.findIndex((r) => r.id === p[1]);
    if (i < 0 || i >= c.regularizers.length) throw new Error(`'${path}': no regularizer '${p[1]}' in the config`);
    const regularizers = c.regularizers.map((r, j) => (j === i ? { ...r, options: { ...r.options, [p[3]]: value } } : r));
    return { ...c, regularizers };
  }
  if (path === 'archOptimizer.lr') return { ...c, archOptimizer: { ...c.archOptimizer, lr: value } };
  if (path === 'weightOptimizer.gradClip') return { ...c, weightOptimizer: { ...c.weightOptimizer, gradClip: value } };
  throw new Error(`'${path}' cannot be scheduled (schedulable: ${SCHEDULABLE})`);
}

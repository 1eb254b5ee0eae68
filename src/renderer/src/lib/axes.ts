/**
 * The product's one counting convention: epochs and steps are numbered from 1 (epoch 1 is the first
 * epoch, step 3 the third step), on charts as in the progress line, logs, tables and sliders. The
 * store and the events count from 0; this is the one place that converts.
 */
export const ordinal = (index0: number): number => index0 + 1;

/** A stored series (x counted from 0) as the charts draw it. */
export const chartX = (x0: readonly number[]): number[] => x0.map(ordinal);

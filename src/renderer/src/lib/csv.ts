/** One line of a chart as the CSV export takes it: points (x, y), y null for a gap. */
export interface CsvLine {
  label: string;
  x: readonly number[];
  y: ReadonlyArray<number | null>;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A chart's series as CSV: one row per x (the union over the lines, ascending), one column per
 * line, empty where a line has no point or a gap. The raw values, never the smoothed ones.
 */
export function chartCsv(xLabel: string, lines: readonly CsvLine[]): string {
  const byLine = lines.map((l) => new Map(l.x.map((x, i) => [x, l.y[i]] as const)));
  const xs = [...new Set(lines.flatMap((l) => l.x))].sort((a, b) => a - b);
  const rows = xs.map((x) => [String(x), ...byLine.map((m) => (m.get(x) === null || m.get(x) === undefined ? '' : String(m.get(x))))].join(','));
  return [[xLabel, ...lines.map((l) => l.label)].map(field).join(','), ...rows].join('\n') + '\n';
}

/** A file name for a chart's CSV: its title in lower case, words joined by dashes. */
export const csvName = (title: string): string => `${title.toLowerCase().replace(/[^a-z0-9α]+/g, '-').replace(/^-|-$/g, '') || 'chart'}.csv`;

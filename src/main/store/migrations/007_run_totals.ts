import type { Migration } from '.';

/**
 * Search rows list the whole run's epochs (every stage of a progressive search, a random search's
 * samples) and a random search's strategy as 'random-search'. Rows written before stored
 * budget.epochs and the unused gradient strategy's id; both are recomputed from the stored config.
 */
const runTotals: Migration = {
  name: 'run-totals',
  up(db) {
    db.exec(`
      UPDATE runs SET
        epochs = COALESCE(
          json_extract(config, '$.randomSearch.samples'),
          json_extract(config, '$.budget.epochs') * COALESCE(json_array_length(config, '$.progressive.cells'), 1)
        ),
        strategy = CASE WHEN json_extract(config, '$.randomSearch') IS NOT NULL THEN 'random-search' ELSE strategy END
      WHERE kind = 'search';
    `);
  },
};

export default runTotals;

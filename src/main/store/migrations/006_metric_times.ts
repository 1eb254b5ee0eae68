import type { Migration } from '.';

/**
 * When each step and epoch metric was recorded (Unix ms), for Compare's relative- and wall-time
 * axes. Rows written before this version keep NULL: their time is unknown, not zero.
 */
const metricTimes: Migration = {
  name: 'metric-times',
  up(db) {
    db.exec(`
      ALTER TABLE step_metrics ADD COLUMN time INTEGER;
      ALTER TABLE epoch_metrics ADD COLUMN time INTEGER;
    `);
  },
};

export default metricTimes;

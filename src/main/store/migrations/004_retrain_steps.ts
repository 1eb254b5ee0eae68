import type { Migration } from '.';

/** What a retraining step has that a search step has not: the auxiliary loss and the drop-path rate. */
const retrainSteps: Migration = {
  name: 'retrain-steps',
  up(db) {
    db.exec(`
      ALTER TABLE step_metrics ADD COLUMN aux_loss REAL;
      ALTER TABLE step_metrics ADD COLUMN drop_path REAL;
    `);
  },
};

export default retrainSteps;

import type { Migration } from '.';

/**
 * The process (pid) whose run manager has taken a run. Several processes may use one database (the
 * desktop app or `serve`, plus `nas-studio search --db`): at start-up a host only takes over the
 * queued and running runs of processes that are gone, never those of one still alive.
 */
const runOwner: Migration = {
  name: 'run-owner',
  up(db) {
    db.exec('ALTER TABLE runs ADD COLUMN owner_pid INTEGER');
  },
};

export default runOwner;

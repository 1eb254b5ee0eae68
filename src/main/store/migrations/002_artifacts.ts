import type { Migration } from '.';

/** Files a run produced besides checkpoints: exports, retrained models. */
const artifacts: Migration = {
  name: 'artifacts',
  up(db) {
    db.exec(`
      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT,
        created_at INTEGER NOT NULL,
        meta TEXT CHECK (json_valid(meta))
      ) STRICT;
      CREATE INDEX artifacts_run ON artifacts (run, kind);
    `);
  },
};

export default artifacts;

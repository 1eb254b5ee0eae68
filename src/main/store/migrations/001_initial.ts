import type { Migration } from '.';

// Conventions: runs have a uuid `id` (the public id) and an integer `rid`; every other table keys
// on `run` = rid, which keeps the 10M-row metric tables about a third smaller than a text key.
// Times are Unix milliseconds, JSON columns are text, α matrices are float32 little-endian blobs.
// STRICT tables reject wrongly typed values; narrow, keyed tables are WITHOUT ROWID.
const initial: Migration = {
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted')),
        kind TEXT NOT NULL CHECK (kind IN ('search', 'retrain')),
        parent INTEGER REFERENCES runs (rid) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        seed INTEGER NOT NULL,
        backend TEXT NOT NULL,
        device TEXT,
        gpu INTEGER,
        app_version TEXT NOT NULL,
        config TEXT NOT NULL CHECK (json_valid(config)),
        dataset TEXT NOT NULL,
        space TEXT NOT NULL,
        strategy TEXT NOT NULL,
        epochs INTEGER NOT NULL,
        meta TEXT CHECK (json_valid(meta)),
        epochs_done INTEGER NOT NULL DEFAULT 0,
        best_val_acc REAL,
        final_val_acc REAL,
        final_genotype TEXT CHECK (json_valid(final_genotype)),
        error TEXT
      ) STRICT;
      CREATE INDEX runs_created ON runs (created_at);
      CREATE INDEX runs_status ON runs (status, created_at);
      CREATE INDEX runs_dataset ON runs (dataset, created_at);
      CREATE INDEX runs_space ON runs (space, created_at);
      CREATE INDEX runs_strategy ON runs (strategy, created_at);
      CREATE INDEX runs_final_val_acc ON runs (final_val_acc);
      CREATE INDEX runs_name ON runs (name COLLATE NOCASE);
      CREATE INDEX runs_parent ON runs (parent) WHERE parent IS NOT NULL;

      CREATE TABLE run_tags (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX run_tags_tag ON run_tags (tag);

      CREATE TABLE step_metrics (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        global_step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        step INTEGER NOT NULL,
        train_loss REAL,
        train_acc REAL,
        val_loss REAL,
        lr REAL,
        arch_lr REAL,
        grad_norm REAL,
        arch_time REAL,
        weight_time REAL,
        PRIMARY KEY (run, global_step)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE epoch_metrics (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        train_loss REAL,
        train_acc REAL,
        val_loss REAL,
        val_acc REAL,
        lr REAL,
        seconds REAL,
        PRIMARY KEY (run, epoch)
      ) STRICT, WITHOUT ROWID;

      -- Rows of about a kilobyte: a rowid table stores them better than WITHOUT ROWID.
      CREATE TABLE alpha_snapshots (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        grp TEXT NOT NULL,
        rows INTEGER NOT NULL,
        cols INTEGER NOT NULL,
        raw BLOB NOT NULL,
        weights BLOB NOT NULL,
        PRIMARY KEY (run, epoch, grp)
      ) STRICT;

      CREATE TABLE genotypes (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        genotype TEXT NOT NULL CHECK (json_valid(genotype)),
        PRIMARY KEY (run, epoch)
      ) STRICT;

      CREATE TABLE diagnostics (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        key TEXT NOT NULL,
        value REAL,
        PRIMARY KEY (run, key, epoch)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE checkpoints (
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (run, epoch)
      ) STRICT;

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        run INTEGER NOT NULL REFERENCES runs (rid) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        message TEXT NOT NULL,
        data TEXT CHECK (json_valid(data))
      ) STRICT;
      CREATE INDEX events_run ON events (run, id);
    `);
  },
};

export default initial;

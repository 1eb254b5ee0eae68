import type { Migration } from '.';

/** Named search configs the wizard saves and loads. */
const templates: Migration = {
  name: 'templates',
  up(db) {
    db.exec(`
      CREATE TABLE templates (
        name TEXT PRIMARY KEY,
        config TEXT NOT NULL CHECK (json_valid(config)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

export default templates;

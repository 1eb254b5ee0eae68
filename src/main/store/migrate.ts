import type { Database } from 'better-sqlite3';
import { PRODUCT_VERSION } from '../../shared/product';
import { StoreError } from './errors';
import { MIGRATIONS, type Migration } from './migrations';

/** 'NASS' in the header's application_id: marks the file as ours for tools like `file`. */
const APPLICATION_ID = 0x4e415353;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses, without writing, a file from a newer schema or one that is not a NAS Studio database. */
export function checkSchema(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const version = schemaVersion(db);
  if (version > migrations.length) {
    throw new StoreError(
      'newer-schema',
      `${file} has schema version ${version}, but NAS Studio ${PRODUCT_VERSION} knows versions up to ${migrations.length}: ` +
        'open it with a newer NAS Studio (the file was left untouched)',
    );
  }
  const foreign =
    version > 0
      ? db.pragma('application_id', { simple: true }) !== APPLICATION_ID
      : db.prepare("SELECT 1 FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
  if (foreign) throw new StoreError('not-a-store', `${file} is a SQLite database, but not a NAS Studio one (the file was left untouched)`);
  return version;
}

/**
 * Brings the schema to the newest version in one immediate transaction, so a second process
 * opening the same file at once waits and then finds the work done.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  if (checkSchema(db, file, migrations) === migrations.length) return;
  db.transaction(() => {
    const from = checkSchema(db, file, migrations);
    for (const m of migrations.slice(from)) m.up(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}

// The run store: SQLite (better-sqlite3) in plain Node, shared by the Electron main process and the Node host.
export { StoreError, type StoreErrorCode } from './errors';
export { SCHEMA_VERSION } from './migrations';
export { isInside } from './files';
export { DB_FILE, defaultDbPath, type DefaultPathOptions } from './paths';
export { openStore, RunStore, type OpenStoreOptions } from './store';
export * from './types';
export { RunWriter, type WriterOptions } from './writer';
export { isRetrainConfig } from './run-rows';

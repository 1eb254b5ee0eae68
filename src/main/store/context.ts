import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { StoreError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkRunId(id: string): string {
  if (!UUID.test(id)) throw new StoreError('invalid', `run id ${JSON.stringify(id)} is not a uuid`);
  return id;
}

/** The open database plus what every store module needs: cached statements and run lookups. */
export class StoreContext {
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly db: Database,
    readonly runsDir: string,
  ) {}

  /**
   * Prepared once per SQL text and result mode, so hot paths (the writer, series queries) reuse
   * their statements. The mode is part of the key because raw() and pluck() change a statement
   * for every holder: rows as arrays ('raw') or first column only ('pluck').
   */
  stmt(sql: string, mode: 'rows' | 'raw' | 'pluck' = 'rows'): Statement {
    const key = `${mode}:${sql}`;
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(sql);
      if (mode === 'raw') s.raw();
      if (mode === 'pluck') s.pluck();
      this.statements.set(key, s);
    }
    return s;
  }

  /** The integer key of run `id`. */
  runKey(id: string): number {
    const row = this.stmt('SELECT rid FROM runs WHERE id = ?').get(checkRunId(id)) as { rid: number } | undefined;
    if (!row) throw new StoreError('not-found', `no run ${id}`);
    return row.rid;
  }

  /** The run's own folder: the only place whose files deleting the run removes. */
  runDir(id: string): string {
    return path.join(this.runsDir, checkRunId(id));
  }
}

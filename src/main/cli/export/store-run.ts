import { existsSync } from 'node:fs';
import { availableFormats, exportRun, type ExportedFile } from '../../../engine/export';
import { StoreError, openStore } from '../../store';
import { UsageError } from '../errors';
import { storeSource } from '../../exports/store-source';

/**
 * `export --run ID`: run `id` of the database at `dbPath` (which must exist: exporting never
 * creates one) is exported (by default every format it can give), and each file is recorded as
 * an artifact of the run (kind 'model-onnx', 'report', …; meta.format) so the app lists it.
 */
export async function exportFromStore(dbPath: string, id: string, formats: readonly string[] | undefined, out: string): Promise<{ formats: string[]; files: ExportedFile[] }> {
  if (!existsSync(dbPath)) throw new UsageError(`--run ${id}: not a directory, and there is no run database at ${dbPath} to look the id up in (--db PATH)`);
  const store = openStore({ path: dbPath });
  try {
    const src = await storeSource(store, id);
    try {
      const chosen = formats ? [...formats] : availableFormats(src);
      const files = await exportRun(src, chosen, out);
      for (const f of files) store.addArtifact(id, { kind: f.kind, path: f.path, meta: { format: f.format } });
      return { formats: chosen, files };
    } finally {
      src.model?.dispose();
    }
  } catch (e) {
    if (e instanceof StoreError) throw new UsageError(`--run ${id}: ${e.message}`);
    throw e;
  } finally {
    store.close();
  }
}

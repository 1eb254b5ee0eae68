import { relative, resolve } from 'node:path';
import { ExportInputError, exportFormats, exportRun } from '../../../engine/export';
import type { Command } from '../command';
import { EXIT_OK, UsageError, blame } from '../errors';
import { jsonLine } from '../format';
import { runSource } from '../export/run-source';
import { storeSourceAt } from '../export/store-source';
import { isDir } from '../files';
import { defaultDbPath } from '../../store';

/** What `--format` defaults to: everything the run can give. */
const defaults = (kind: 'search' | 'retrain', hasModel: boolean) => [...exportFormats.values()].filter((f) => f.needs !== 'model' || (kind === 'retrain' && hasModel)).map((f) => f.id);

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a run: trained model (TF.js, ONNX) with model cards, genotype, figures, HTML report',
  usage: ['export --run DIR|ID [--db PATH] [--format LIST] [--out DIR] [--json]'],
  options: {
    run: { type: 'string', value: 'DIR|ID', help: 'a run directory (of `nas-studio search` or `retrain`), or the id of a search run in the app\'s run database' },
    db: { type: 'string', value: 'PATH', help: `the run database to look an id up in (default ${defaultDbPath()})` },
    format: { type: 'string', value: 'LIST', help: `comma-separated: ${[...exportFormats.values()].map((f) => `${f.id} (${f.title})`).join('; ')}. Default: all the run can give` },
    out: { type: 'string', value: 'DIR', help: 'where to write (default <run directory>/export; for an id, ./export-<id>)' },
    json: { type: 'boolean', help: 'print one JSON line per file written: {"format", "kind", "path"}' },
  },
  async run(args) {
    const requested = args.string('format')?.split(',').map((s) => s.trim()).filter(Boolean);
    for (const f of requested ?? []) if (!exportFormats.has(f)) throw new UsageError(`--format: unknown format '${f}' (known: ${[...exportFormats.keys()].join(', ')})`);
    const run = args.required('run');
    const fromStore = !(await isDir(run));
    const src = fromStore ? await storeSourceAt(args.string('db') ?? defaultDbPath(), run) : await runSource(run);
    try {
      const formats = requested ?? defaults(src.kind, src.model !== undefined);
      if (src.kind === 'retrain' && !src.model && formats.some((f) => exportFormats.get(f)?.needs === 'model')) {
        throw new UsageError(`--run ${args.required('run')}: the retraining has no checkpoint yet, so there are no trained weights to export`);
      }
      const out = resolve(args.string('out') ?? (fromStore ? `export-${run}` : resolve(src.ref, 'export')));
      let files;
      try {
        files = await exportRun(src, formats, out);
      } catch (e) {
        if (e instanceof ExportInputError) blame(`--run ${args.required('run')}`, e);
        throw e;
      }
      if (args.flag('json')) for (const f of files) process.stdout.write(`${jsonLine(f)}\n`);
      else {
        process.stdout.write(`exported ${formats.join(', ')} to ${out}\n`);
        for (const f of files) process.stdout.write(`  ${relative(out, f.path)}\n`);
      }
      return EXIT_OK;
    } finally {
      src.model?.dispose();
    }
  },
};

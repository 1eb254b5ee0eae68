import { relative, resolve } from 'node:path';
import { ExportInputError, availableFormats, exportFormats, exportRun, type ExportedFile } from '../../../engine/export';
import type { Command } from '../command';
import { EXIT_OK, UsageError, blame } from '../errors';
import { jsonLine } from '../format';
import { runSource } from '../export/run-source';
import { exportFromStore } from '../export/store-run';
import { isDir } from '../files';
import { defaultDbPath } from '../../store';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a run: trained model (TF.js, ONNX) with model cards, genotype, figures, HTML report',
  usage: ['export --run DIR|ID [--db PATH] [--format LIST] [--out DIR] [--json]'],
  options: {
    run: { type: 'string', value: 'DIR|ID', help: 'a run directory (of `nas-studio search` or `retrain`), or the id of a search run in the app\'s run database' },
    db: { type: 'string', value: 'PATH', help: `the run database to look an id up in (default ${defaultDbPath()})` },
    format: { type: 'string', value: 'LIST', help: `comma-separated: ${[...exportFormats.values()].map((f) => `${f.id} (${f.title})`).join('; ')}. Default: all the run can give` },
    out: { type: 'string', value: 'DIR', help: 'where to write (default <run directory>/export; for an id, ./export-<id>, the files then recorded as the run\'s artifacts)' },
    json: { type: 'boolean', help: 'print one JSON line per file written: {"format", "kind", "path"}' },
  },
  async run(args) {
    const requested = args.string('format')?.split(',').map((f) => f.trim()).filter(Boolean);
    for (const f of requested ?? []) if (!exportFormats.has(f)) throw new UsageError(`--format: unknown format '${f}' (known: ${[...exportFormats.keys()].join(', ')})`);
    const run = args.required('run');
    let result: { formats: string[]; files: ExportedFile[] };
    let out: string;
    try {
      if (await isDir(run)) {
        const src = await runSource(run);
        try {
          if (src.kind === 'retrain' && !src.model && (requested ?? []).some((f) => exportFormats.get(f)?.needs === 'model')) {
            throw new UsageError(`--run ${run}: the retraining has no checkpoint yet, so there are no trained weights to export`);
          }
          const formats = requested ?? availableFormats(src);
          out = resolve(args.string('out') ?? resolve(src.ref, 'export'));
          result = { formats, files: await exportRun(src, formats, out) };
        } finally {
          src.model?.dispose();
        }
      } else {
        out = resolve(args.string('out') ?? `export-${run}`);
        result = await exportFromStore(args.string('db') ?? defaultDbPath(), run, requested, out);
      }
    } catch (e) {
      if (e instanceof ExportInputError) blame(`--run ${run}`, e);
      throw e;
    }
    if (args.flag('json')) for (const f of result.files) process.stdout.write(`${jsonLine(f)}\n`);
    else {
      process.stdout.write(`exported ${result.formats.join(', ')} to ${out}\n`);
      for (const f of result.files) process.stdout.write(`  ${relative(out, f.path)}\n`);
    }
    return EXIT_OK;
  },
};

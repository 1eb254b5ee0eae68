import { resolve } from 'node:path';
import { loadExportedModel, predictImages } from '../../../engine/export/predict';
import { initBackend } from '../../../engine/backend';
import type { Command } from '../command';
import { EXIT_OK, UsageError } from '../errors';
import { jsonLine, percent } from '../format';
import { isFile } from '../files';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Classify images with an exported model (TF.js folder or ONNX file), preprocessed as its model card states',
  usage: ['predict --model DIR|FILE.onnx --input IMAGE [IMAGE…] [--top K] [--json]'],
  options: {
    model: { type: 'string', value: 'PATH', help: "a folder written by `export --format tfjs` (model.json) or an exported model.onnx, with model-card.md beside it" },
    input: { type: 'string', value: 'IMAGE', multiple: true, help: 'a PNG or JPEG file; repeat the flag or list more files after it' },
    top: { type: 'string', value: 'K', help: 'how many classes to show per image (default 3)' },
    json: { type: 'boolean', help: 'print one JSON line per image: {"file", "top": [{"class", "name", "probability"}]}' },
  },
  positionals: true,
  async run(args) {
    const files = [...args.strings('input'), ...args.positionals].map((f) => resolve(f));
    if (files.length === 0) throw new UsageError('--input IMAGE is required');
    for (const f of files) if (!(await isFile(f))) throw new UsageError(`--input ${f}: no such file`);
    const top = args.int('top', 1) ?? 3;
    const path = resolve(args.required('model'));
    // The TF.js path runs on the engine's backend; ONNX models run on onnxruntime.
    await initBackend('auto');
    let model;
    try {
      model = await loadExportedModel(path);
    } catch (e) {
      throw new UsageError(`--model ${args.required('model')}: ${(e as Error).message}`);
    }
    try {
      const predictions = await predictImages(model, files, top);
      for (const p of predictions) {
        if (args.flag('json')) process.stdout.write(`${jsonLine(p)}\n`);
        else process.stdout.write(`${p.file}: ${p.top.map((t) => `${t.name ?? `class ${t.class}`} ${percent(t.probability)}`).join(', ')}\n`);
      }
    } finally {
      model.dispose();
    }
    return EXIT_OK;
  },
};

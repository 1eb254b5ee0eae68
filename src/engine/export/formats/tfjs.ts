import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genotypeToJson } from '../../genotype';
import { modelCard, preprocessingOf } from '../model-card';
import { buildLayersModel, saveLayersModel } from '../tfjs';
import type { ExportFormat } from './types';
import { requireModel, tensorSource } from './model';

export const tfjsFormat: ExportFormat = {
  id: 'tfjs',
  title: 'TensorFlow.js layers model (model.json + weight shards) with a model card',
  needs: 'model',
  async write(src, dir) {
    const model = requireModel(src);
    const out = join(dir, 'tfjs');
    const layers = buildLayersModel(model.graph, tensorSource(model));
    try {
      const metadata = { nasStudio: { run: src.ref, preprocessing: preprocessingOf(model), genotype: src.genotype && genotypeToJson(src.genotype) } };
      const files = await saveLayersModel(layers, out, metadata);
      const card = join(out, 'model-card.md');
      await writeFile(card, modelCard(src, model, 'tfjs'));
      return [...files.map((path) => ({ format: 'tfjs', kind: 'model-tfjs', path })), { format: 'tfjs', kind: 'model-card', path: card }];
    } finally {
      layers.dispose();
    }
  },
};

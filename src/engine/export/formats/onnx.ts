import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genotypeToJson } from '../../genotype';
import { modelCard, preprocessingOf } from '../model-card';
import { onnxModel } from '../onnx/onnx';
import type { ExportFormat } from './types';
import { requireModel, tensorSource } from './model';

export const onnxFormat: ExportFormat = {
  id: 'onnx',
  title: 'ONNX model (opset 13, NHWC input) with a model card',
  needs: 'model',
  async write(src, dir) {
    const model = requireModel(src);
    const out = join(dir, 'onnx');
    await mkdir(out, { recursive: true });
    const file = join(out, 'model.onnx');
    const metadata = {
      preprocessing: JSON.stringify(preprocessingOf(model)),
      genotype: JSON.stringify(src.genotype && genotypeToJson(src.genotype)),
      run: src.ref,
    };
    await writeFile(file, onnxModel(model.graph, tensorSource(model), metadata));
    const card = join(out, 'model-card.md');
    await writeFile(card, modelCard(src, model, 'onnx'));
    return [
      { format: 'onnx', kind: 'model-onnx', path: file },
      { format: 'onnx', kind: 'model-card', path: card },
    ];
  },
};

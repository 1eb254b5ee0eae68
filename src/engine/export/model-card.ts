import { pythonFormat } from '../genotype';
import type { TrainedModel } from '../retrain';
import type { ExportSource } from './source';

/** The preprocessing a model expects, as stored in its model card (and ONNX metadata). */
export interface Preprocessing {
  /** NHWC float32; channels in the dataset's order (RGB for CIFAR, one grey channel for MNIST). */
  layout: 'NHWC';
  height: number;
  width: number;
  channels: number;
  /** normalized = (pixel / 255 − mean[c]) / std[c]. */
  scale: 255;
  mean: number[];
  std: number[];
  classNames?: string[];
}

export function preprocessingOf(model: TrainedModel): Preprocessing {
  const d = model.meta.dataset;
  const { mean, std } = model.meta.preprocessing;
  return { layout: 'NHWC', height: d.height, width: d.width, channels: d.channels, scale: 255, mean, std, ...(d.classNames && { classNames: d.classNames }) };
}

/** The fenced block `predict` reads back: ```json nas-studio-preprocessing … ``` */
export const PREPROCESSING_FENCE = 'json nas-studio-preprocessing';

export function readPreprocessing(markdown: string): Preprocessing {
  const m = new RegExp('```' + PREPROCESSING_FENCE + '\\n([\\s\\S]*?)\\n```').exec(markdown);
  if (!m) throw new Error(`the model card has no \`\`\`${PREPROCESSING_FENCE} block`);
  return JSON.parse(m[1]) as Preprocessing;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** A Markdown model card for an exported model: data, preprocessing, metrics, genotype, how to load it. */
export function modelCard(src: ExportSource, model: TrainedModel, format: 'tfjs' | 'onnx'): string {
  const p = preprocessingOf(model);
  const d = model.meta.dataset;
  const last = src.epochs.at(-1);
  const best = Math.max(...src.epochs.map((e) => e.valAcc ?? -Infinity));
  const cfg = model.config;
  const load =
    format === 'tfjs'
      ? [
          '### TensorFlow.js (browser or Node)',
          '',
          '```js',
          "import * as tf from '@tensorflow/tfjs';",
          "const model = await tf.loadLayersModel('https://example.org/path/to/model.json'); // or tf.io.fromMemory(...) in Node",
          `const x = tf.zeros([1, ${p.height}, ${p.width}, ${p.channels}]); // NHWC, normalized as below`,
          'const logits = model.predict(x);',
          '```',
        ]
      : [
          '### ONNX Runtime (Node)',
          '',
          '```js',
          "const ort = require('onnxruntime-node');",
          "const session = await ort.InferenceSession.create('model.onnx');",
          `const x = new ort.Tensor('float32', new Float32Array(${p.height * p.width * p.channels}), [1, ${p.height}, ${p.width}, ${p.channels}]);`,
          'const { logits } = await session.run({ image: x });',
          '```',
          '',
          '### Python (onnxruntime)',
          '',
          '```python',
          'import numpy as np, onnxruntime as ort',
          "session = ort.InferenceSession('model.onnx')",
          `x = ((image_uint8_hwc[None].astype(np.float32) / 255) - np.array(${JSON.stringify(p.mean)})) / np.array(${JSON.stringify(p.std)})`,
          "logits = session.run(['logits'], {'image': x.astype(np.float32)})[0]",
          '```',
        ];
  return [
    `# Model card: ${src.title}`,
    '',
    `Retrained with NAS Studio in run \`${src.ref}\`${src.parent ? ` (genotype from the search \`${src.parent.ref}\`)` : ''}. A ${cfg.model.layers}-cell evaluation network (DARTS NetworkCIFAR) of the genotype below, ${cfg.model.channels} initial channels.`,
    '',
    '## Data',
    '',
    `- Dataset: ${d.title} (\`${d.id}\`), ${d.classes} classes${d.classNames ? `: ${d.classNames.join(', ')}` : ''}`,
    `- Training examples: ${model.meta.trainExamples}; validation: ${model.meta.valExamples} (${model.meta.valSource === 'test' ? 'the test split' : 'held out from the training set'})`,
    '',
    '## Preprocessing',
    '',
    `- Input: float32, layout NHWC, ${p.height}x${p.width}, ${p.channels} channel${p.channels === 1 ? '' : 's'} in the dataset's order (${p.channels === 3 ? 'RGB' : 'grey'})`,
    `- Scale pixels to [0, 1] (divide by 255), then per channel subtract mean ${JSON.stringify(p.mean)} and divide by std ${JSON.stringify(p.std)}`,
    '- Output: one logit per class (apply softmax for probabilities)',
    '',
    '```' + PREPROCESSING_FENCE,
    JSON.stringify(p, null, 2),
    '```',
    '',
    '## Metrics',
    '',
    `- Epochs trained: ${model.epochs} of ${cfg.budget.epochs}`,
    last?.valAcc != null ? `- Final validation accuracy: ${pct(last.valAcc)}; best: ${pct(best)}` : '- Validation accuracy: not recorded',
    `- Parameters: ${model.meta.params.toLocaleString('en-US')} (without the auxiliary head); multiply-adds per image: ${model.meta.multiplyAdds.toLocaleString('en-US')}`,
    '',
    '## Genotype',
    '',
    '```python',
    src.genotype ? pythonFormat.print(src.genotype) : '(unknown)',
    '```',
    '',
    '## Loading',
    '',
    ...load,
    '',
    `Or classify image files with \`nas-studio predict --model ${format === 'tfjs' ? 'DIR' : 'model.onnx'} --input IMAGE…\`.`,
    '',
  ].join('\n');
}

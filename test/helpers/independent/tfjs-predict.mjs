// Loads an exported TF.js layers model the way a user's plain Node script would: only
// @tensorflow/tfjs (cpu backend), no NAS Studio code. Usage: node tfjs-predict.mjs MODEL_DIR INPUT.json
// where INPUT.json is {"shape": [N, H, W, C], "data": [...]}; prints the logits as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const [dir, inputFile] = process.argv.slice(2);
const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const specs = json.weightsManifest.flatMap((g) => g.weights);
const shards = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
const bytes = Buffer.concat(shards);
const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
await tf.setBackend('cpu');
const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const logits = model.predict(tf.tensor(input.data, input.shape));
process.stdout.write(JSON.stringify({ shape: logits.shape, data: Array.from(logits.dataSync()), layers: model.layers.map((l) => l.getClassName()) }));

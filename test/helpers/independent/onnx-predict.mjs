// Runs an exported ONNX model with onnxruntime-node only (no NAS Studio, no TF.js).
// Usage: node onnx-predict.mjs MODEL.onnx INPUT.json; prints the logits and the graph's input/output names as JSON.
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const [file, inputFile] = process.argv.slice(2);
const session = await ort.InferenceSession.create(readFileSync(file));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(input.data), input.shape) };
const out = await session.run(feeds);
const logits = out[session.outputNames[0]];
process.stdout.write(JSON.stringify({ shape: logits.dims, data: Array.from(logits.data), inputNames: session.inputNames, outputNames: session.outputNames }));

// Runs an exported ONNX model with onnxruntime-node only (no NAS Studio, no TF.js).
// Usage: node onnx-predict.cjs MODEL.onnx INPUT.json; prints logits, node names and metadata as JSON.
const { readFileSync } = require('node:fs');
const ort = require('onnxruntime-node');

(async () => {
  const [file, inputFile] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(readFileSync(file));
  const input = JSON.parse(readFileSync(inputFile, 'utf8'));
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(input.data), input.shape) };
  const out = await session.run(feeds);
  const logits = out[session.outputNames[0]];
  process.stdout.write(JSON.stringify({ shape: logits.dims, data: Array.from(logits.data), inputNames: session.inputNames, outputNames: session.outputNames }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/main/store';
import { config, retrainConfig, searchEvents, tempDir, tempStore } from './fixtures';

/** A run with a row in every table, a checkpoint inside its folder, an artifact outside it and a non-finite metric. */
function richRun(store: RunStore, parentRunId?: string): string {
  const cfg = config({ name: 'portable' });
  const { id } = store.createRun({ config: parentRunId ? retrainConfig() : cfg, tags: ['x', 'y'], notes: 'ünïcode ✓', parentRunId });
  const ckpt = join(store.runDir(id), 'checkpoint', 'checkpoint.json');
  mkdirSync(join(store.runDir(id), 'checkpoint'), { recursive: true });
  writeFileSync(ckpt, '{}');
  const events = searchEvents(cfg, { checkpointPath: ckpt }).map((e) => (e.type === 'step' && e.step === 1 ? { ...e, gradNorm: Infinity } : e));
  store.appendEvents(id, [...events, { type: 'diagnostics', epoch: 1, values: { entropy: 0.25 } }, { type: 'log', level: 'warn', message: 'w', data: { a: [1] } }]);
  store.addArtifact(id, { kind: 'onnx', path: '/elsewhere/model.onnx', meta: { opset: 13 } });
  return id;
}

/** Everything a store says about a run, with the run folder written as <dir>. */
function snapshot(store: RunStore, id: string) {
  const { dir, ...detail } = store.runDetail(id);
  const rebase = (p: string) => p.replace(dir, '<dir>');
  return {
    detail: { ...detail, checkpoints: detail.checkpoints.map((c) => ({ ...c, path: rebase(c.path) })), artifacts: detail.artifacts.map((a) => ({ ...a, path: rebase(a.path) })) },
    steps: store.metricSeries({ runIds: [id], metric: 'step.gradNorm' }),
    epochs: store.metricSeries({ runIds: [id], metric: 'epoch.valAcc' }),
    alpha: store.alphaHistory(id),
    log: store.runLog(id),
    diagnostics: store.diagnostics(id),
  };
}

const withoutDate = (file: string) => readFileSync(file, 'utf8').replace(/"exportedAt":"[^"]*"/, '');

describe('export and import of one run', () => {
  it('round-trips a run into another store unchanged, id included', () => {
    const a = tempStore();
    const id = richRun(a);
    const file = join(tempDir(), 'run.jsonl');
    a.exportRun(id, file);

    const b = tempStore();
    expect(b.importRun(file)).toBe(id);
    expect(snapshot(b, id)).toEqual(snapshot(a, id));
    expect(snapshot(b, id).steps[0].y[1]).toBe(Infinity);
    // The checkpoint path was kept relative, so it points into the new store's run folder.
    expect(b.runDetail(id).checkpoints[0].path).toBe(join(b.runDir(id), 'checkpoint', 'checkpoint.json'));
    const again = join(tempDir(), 'again.jsonl');
    b.exportRun(id, again);
    expect(withoutDate(again)).toBe(withoutDate(file));
  });

  it('refuses the same run twice unless asked for a copy under a new id', () => {
    const store = tempStore();
    const id = richRun(store);
    const dir = tempDir();
    store.exportRun(id, join(dir, 'run.jsonl'));
    expect(() => store.importRun(join(dir, 'run.jsonl'))).toThrow(expect.objectContaining({ code: 'conflict' }));
    const copy = store.importRun(join(dir, 'run.jsonl'), { onConflict: 'new-id' });
    expect(copy).not.toBe(id);
    expect(store.listRuns().total).toBe(2);
    store.exportRun(copy, join(dir, 'copy.jsonl'));
    expect(withoutDate(join(dir, 'copy.jsonl')).replace(copy, id)).toBe(withoutDate(join(dir, 'run.jsonl')));
  });

  it('keeps the parent link when the parent is there, drops it otherwise; a live run arrives interrupted', () => {
    const a = tempStore();
    const parent = richRun(a);
    const child = richRun(a, parent);
    a.setStatus(child, 'running');
    const dir = tempDir();
    a.exportRun(parent, join(dir, 'parent.jsonl'));
    a.exportRun(child, join(dir, 'child.jsonl'));

    const b = tempStore();
    b.importRun(join(dir, 'child.jsonl'));
    expect(b.runDetail(child)).toMatchObject({ parentRunId: null, status: 'interrupted', kind: 'retrain' });
    const c = tempStore();
    c.importRun(join(dir, 'parent.jsonl'));
    c.importRun(join(dir, 'child.jsonl'));
    expect(c.runDetail(child).parentRunId).toBe(parent);
  });

  it('rejects truncated, foreign, newer or tampered files without importing anything', () => {
    const a = tempStore();
    const id = richRun(a);
    const dir = tempDir();
    const file = join(dir, 'run.jsonl');
    a.exportRun(id, file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const manifest = JSON.parse(lines[0]);
    const variant = (name: string, content: string[]) => {
      writeFileSync(join(dir, name), `${content.join('\n')}\n`);
      return join(dir, name);
    };
    /** The file with the first match of `pattern` (which must be there) replaced. */
    const replaceIn = (pattern: RegExp, by: string) => {
      const i = lines.findIndex((l) => pattern.test(l));
      expect(i, String(pattern)).toBeGreaterThan(0);
      return lines.map((l, j) => (j === i ? l.replace(pattern, by) : l));
    };
    const b = tempStore();
    const cases: Array<[string, string]> = [
      [variant('truncated', lines.slice(0, -3)), 'bad-file'],
      [variant('foreign', ['{"hello":1}', ...lines.slice(1)]), 'bad-file'],
      [variant('newer', [JSON.stringify({ ...manifest, schemaVersion: 99 }), ...lines.slice(1)]), 'newer-schema'],
      [variant('injected', [JSON.stringify({ ...manifest, tables: { ...manifest.tables, 'runs; DROP TABLE runs': [] } }), ...lines.slice(1)]), 'bad-file'],
      [variant('mistyped', [lines[0], lines[1], lines[2].replace(/^\["(\w+)",\d+/, '["$1","zero"'), ...lines.slice(3)]), 'bad-file'],
      [variant('garbage', [lines[0], lines[1], 'not json', ...lines.slice(3)]), 'bad-file'],
      [variant('bad-base64', replaceIn(/\{"\$b64":"[^"]*"\}/, '{"$b64":"not base64!"}')), 'bad-file'],
      [variant('bad-num', replaceIn(/\{"\$num":"Infinity"\}/, '{"$num":"lots"}')), 'bad-file'],
      [variant('overflow', replaceIn(/,0\.25\]$/, ',1e999]')), 'bad-file'],
      [variant('extra-key', replaceIn(/\{"\$num":"Infinity"\}/, '{"$num":"Infinity","x":1}')), 'bad-file'],
    ];
    for (const [f, code] of cases) expect(() => b.importRun(f), f).toThrow(expect.objectContaining({ code }));
    expect(b.listRuns().total).toBe(0);
  });
});

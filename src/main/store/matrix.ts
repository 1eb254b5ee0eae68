import { StoreError } from './errors';

/** α matrices as float32 little-endian blobs: exact for the engine's float32 values, a quarter of their JSON. */
export function encodeMatrix(m: number[][]): { rows: number; cols: number; blob: Buffer } {
  const rows = m.length;
  const cols = rows ? m[0].length : 0;
  const blob = Buffer.alloc(rows * cols * 4);
  m.forEach((row, i) => {
    if (row.length !== cols) throw new StoreError('invalid', `α matrix row ${i} has ${row.length} columns, row 0 has ${cols}`);
    row.forEach((v, j) => blob.writeFloatLE(v, (i * cols + j) * 4));
  });
  return { rows, cols, blob };
}

export function decodeMatrix(blob: Buffer, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => blob.readFloatLE((i * cols + j) * 4)));
}

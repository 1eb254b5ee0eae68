import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genotypeCellSvgs } from '../cell-figures';
import { curvesBody, svgDocument, svgToPng } from '../figures';
import type { ExportedFile } from '../source';
import type { ExportFormat } from './types';

/** SVG and PNG of the normal and reduction cells, and of the loss/accuracy curves. */
export const figuresFormat: ExportFormat = {
  id: 'figures',
  title: 'Cell figures (SVG, PNG) and training curves (SVG, PNG)',
  needs: 'history',
  async write(src, dir) {
    const out = join(dir, 'figures');
    await mkdir(out, { recursive: true });
    const files: ExportedFile[] = [];
    const put = async (name: string, svg: string) => {
      for (const [ext, data] of [['svg', svg], ['png', svgToPng(svg)]] as const) {
        const path = join(out, `${name}.${ext}`);
        await writeFile(path, data);
        files.push({ format: 'figures', kind: `figure-${ext}`, path });
      }
    };
    for (const { cell, svg } of await genotypeCellSvgs(src)) await put(cell === 'normal' ? 'normal-cell' : 'reduction-cell', svg);
    if (src.epochs.length) {
      const curves = curvesBody(src.epochs);
      await put('curves', svgDocument(curves.width, curves.height, curves.body, `${src.title}: curves`));
    }
    return files;
  },
};

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genotypeCellSvgs } from '../cell-figures';
import { reportHtml } from '../report';
import type { ExportFormat } from './types';

export const reportFormat: ExportFormat = {
  id: 'report',
  title: 'Self-contained HTML run report',
  needs: 'history',
  async write(src, dir) {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'report.html');
    await writeFile(path, reportHtml(src, await genotypeCellSvgs(src)));
    return [{ format: 'report', kind: 'report', path }];
  },
};

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genotypeFormats, genotypeToJson, pythonFormat, type Genotype } from '../../genotype';
import type { ExportedFile, ExportSource } from '../source';
import type { ExportFormat } from './types';

function requireGenotype(src: ExportSource): Genotype {
  if (!src.genotype) throw new Error(`run ${src.ref} has no genotype yet`);
  return src.genotype;
}

/**
 * genotype.json (the reference's JSON shape), genotype.py.txt (its Python Genotype string),
 * and genotype.nb201.txt when a NAS-Bench-201 format is registered and can print the genotype
 * (a DARTS-space cell, with two input states and reduction cells, has no NB201 form).
 */
export const genotypeFormat: ExportFormat = {
  id: 'genotype',
  title: 'Genotype as JSON, the reference Python string, and NAS-Bench-201 where the space allows',
  needs: 'genotype',
  async write(src, dir) {
    const g = requireGenotype(src);
    await mkdir(dir, { recursive: true });
    const files: ExportedFile[] = [];
    const put = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      files.push({ format: 'genotype', kind: 'genotype', path });
    };
    await put('genotype.json', `${JSON.stringify(genotypeToJson(g))}\n`);
    await put('genotype.py.txt', `${pythonFormat.print(g)}\n`);
    const nb201 = genotypeFormats.find((f) => f.id === 'nb201');
    if (nb201) {
      let text: string | null = null;
      try {
        text = nb201.print(g);
      } catch {
        // Not expressible in NAS-Bench-201's cell: that file is simply not written.
      }
      if (text !== null) await put('genotype.nb201.txt', `${text}\n`);
    }
    return files;
  },
};

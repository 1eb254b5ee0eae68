import type { Genotype, GenotypeEdge } from '../genotype';
import { reductionsAtThirds } from '../spaces';

/** Edges and concat of cell `i`: its own when the genotype lists every cell, else the shared pair. */
export function cellOf(genotype: Genotype, i: number, layers: number, reduction: boolean): { edges: GenotypeEdge[]; concat: number[] } {
  if (!genotype.cells) return reduction ? { edges: genotype.reduce, concat: genotype.reduceConcat } : { edges: genotype.normal, concat: genotype.normalConcat };
  if (genotype.cells.length !== layers) throw new Error(`the genotype lists ${genotype.cells.length} cells, one per searched cell: build it with ${genotype.cells.length} layers, not ${layers}`);
  const cell = genotype.cells[i];
  if (cell.reduce !== reduction) throw new Error(`cell ${i} of the genotype is a ${cell.reduce ? 'reduction' : 'normal'} cell, but the network reduces at cells ${reductionsAtThirds(layers).join(' and ')}`);
  return { edges: cell.edges, concat: cell.concat };
}

import type { Genotype } from '../model';

/** A text format genotypes are read from and written to. */
export interface GenotypeFormat {
  id: string;
  title: string;
  /** Whether `text` looks like this format, for auto-detection. Cheap, no full parse. */
  sniff(text: string): boolean;
  /** Throws GenotypeError (GenotypeParseError when a position is known) on bad input. */
  parse(text: string): Genotype;
  print(g: Genotype): string;
}

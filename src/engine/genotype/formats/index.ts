import { GenotypeError } from '../errors';
import type { Genotype } from '../model';
import { fairdartsFormat } from './fairdarts';
import type { GenotypeFormat } from './format';
import { jsonFormat } from './json';
import { pythonFormat } from './python';

/** Most specific first: detection takes the first format whose sniff accepts the text. A new
 *  format is one module plus one line here. */
export const genotypeFormats: readonly GenotypeFormat[] = [jsonFormat, fairdartsFormat, pythonFormat];

export function getGenotypeFormat(id: string): GenotypeFormat {
  const format = genotypeFormats.find((f) => f.id === id);
  if (!format) throw new GenotypeError(`unknown genotype format '${id}'; known: ${genotypeFormats.map((f) => f.id).join(', ')}`);
  return format;
}

/** Text no format recognises goes to the Python parser, whose errors point at the fault. */
export function detectGenotypeFormat(text: string): GenotypeFormat {
  return genotypeFormats.find((f) => f.sniff(text)) ?? pythonFormat;
}

export function parseGenotypeAuto(text: string): Genotype {
  return detectGenotypeFormat(text).parse(text);
}

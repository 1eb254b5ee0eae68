export type { CellGenotype, CellType, ExplicitEdge, Genotype, GenotypeEdge, GenotypeOps } from './model';
export {
  CELL_TYPES,
  FIRST_NODE,
  compactCell,
  concatOf,
  defaultConcat,
  edgesByNode,
  isExplicitCell,
  nodeCount,
  withNodes,
} from './model';
export { GenotypeError, GenotypeParseError } from './errors';
export type { SourcePosition } from './errors';
export { checkGenotype, genotypeIssues } from './validate';
export type { GenotypeIssue } from './validate';
export { countOp, genotypeKey, genotypeOpCounts, opCounts, sameArchitecture } from './stats';
export { getNamedGenotype, namedGenotypes } from './named';
export type { GenotypeFormat } from './formats/format';
export { detectGenotypeFormat, genotypeFormats, getGenotypeFormat, parseGenotypeAuto } from './formats';
export { genotypeFromJson, genotypeJsonSchema, genotypeToJson, jsonFormat } from './formats/json';
export type { GenotypeJson } from './formats/json';
export { pythonFormat } from './formats/python';
export { fairdartsFormat } from './formats/fairdarts';

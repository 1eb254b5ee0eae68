/** A genotype that is well-formed text but not a valid architecture, or that cannot be read. */
export class GenotypeError extends Error {
  override name = 'GenotypeError';
}

/** Where a parse failed: `offset` is 0-based, `line` and `column` 1-based, as editors show them. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

export class GenotypeParseError extends GenotypeError {
  override name = 'GenotypeParseError';

  constructor(
    readonly reason: string,
    readonly position: SourcePosition,
    /** The offending token as written, or '' at the end of the text. */
    readonly token: string,
  ) {
    const found = token === '' ? 'end of text' : `'${token}'`;
    super(`${reason} at line ${position.line}, column ${position.column} (found ${found})`);
  }
}

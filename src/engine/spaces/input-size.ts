/** Output side of a stride-2 cell (every reduction op: 3x3 with padding 1, or 1x1 unpadded). */
export const halve = (n: number) => Math.floor((n - 1) / 2) + 1;

export interface ImageSize {
  height: number;
  width: number;
}

/** The maps' size at each reduction cell (indices in `reductionCells`), in network order. */
export function reducedSizes(size: ImageSize, reductionCells: readonly number[]): Array<{ cell: number; input: ImageSize; output: ImageSize }> {
  let input = size;
  return [...reductionCells].sort((a, b) => a - b).map((cell) => {
    const output = { height: halve(input.height), width: halve(input.width) };
    const step = { cell, input, output };
    input = output;
    return step;
  });
}

/**
 * Why images of `size` cannot pass a network reducing at `reductionCells`, or null. A reduction
 * cell's factorized reduce needs maps of at least 2x2; smaller ones failed deep in the backend (concat4D).
 */
export function inputSizeProblem(size: ImageSize, reductionCells: readonly number[]): string | null {
  const tooSmall = reducedSizes(size, reductionCells).find((r) => r.input.height < 2 || r.input.width < 2);
  if (!tooSmall) return null;
  return `${size.height}x${size.width} images are too small: reduction cell ${tooSmall.cell} would get ${tooSmall.input.height}x${tooSmall.input.width} maps, and needs at least 2x2`;
}

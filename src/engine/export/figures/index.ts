export { cellDot, cellSvg, genotypeCellFigures } from './cell';
export { alphaBody, curvesBody, lineChart, type AlphaRow, type EpochRow, type Series } from './chart';
export { svgToPng } from './png';
export { esc, svgDocument } from './svg';

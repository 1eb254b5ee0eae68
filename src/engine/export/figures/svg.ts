/** Escapes text for SVG/HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds coordinates so the markup stays short and stable. */
export const r = (x: number) => Math.round(x * 10) / 10;

export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${r(width)}" height="${r(height)}" viewBox="0 0 ${r(width)} ${r(height)}" font-family="${FONT}">` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}

/** A colour per op, stable across figures (unknown ops get a hashed hue). */
const OP_COLOURS: Record<string, string> = {
  max_pool_3x3: '#1f77b4',
  avg_pool_3x3: '#17becf',
  skip_connect: '#7f7f7f',
  sep_conv_3x3: '#d62728',
  sep_conv_5x5: '#ff7f0e',
  dil_conv_3x3: '#2ca02c',
  dil_conv_5x5: '#9467bd',
  none: '#c7c7c7',
};

export function opColour(op: string): string {
  if (OP_COLOURS[op]) return OP_COLOURS[op];
  let h = 0;
  for (const c of op) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h}, 55%, 45%)`;
}

import { z } from 'zod';

// A cell as the one cell renderer (src/engine/export/figures/cell.ts) draws it, for the app (sent
// through the API, laid out on the host) and the exported figures alike. States are numbered as in
// the reference: 0 = c_{k-2}, 1 = c_{k-1}, 2.. = the intermediate nodes.

/** Op and attention ids as the catalogs spell them; nothing that needs escaping in DOT or SVG. */
const opId = z.string().regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'an op id: letters, digits and _ . + - (at most 64)');

export const cellFigureEdgeSchema = z
  .strictObject({
    op: opId,
    /** Input state. */
    from: z.number().int().min(0).max(63),
    /** Intermediate node, 0-based (state to + 2). */
    to: z.number().int().min(0).max(61),
    attention: opId.optional(),
    /** The α weight of the chosen op, shown beside it. */
    weight: z.number().min(0).max(1).nullable().optional(),
    /** Drawn bold and red (the compare view marks edges the other run lacks). */
    highlight: z.boolean().optional(),
  })
  .refine((e) => e.from < e.to + 2, { message: 'an edge reads an earlier state', path: ['from'] });

export const cellFigureSchema = z.strictObject({
  edges: z.array(cellFigureEdgeSchema).max(512),
  /** States concatenated into c_{k}. */
  concat: z.array(z.number().int().min(0).max(63)).max(64),
  /** Drawn above the cell (exported figures); the app captions its figures itself. */
  title: z.string().max(200).optional(),
});

export type CellFigureEdge = z.infer<typeof cellFigureEdgeSchema>;
export type CellFigure = z.infer<typeof cellFigureSchema>;

/** What an edge's op is called: its op, and its attention module when it has one. */
export const edgeOpLabel = (e: { op: string; attention?: string }): string => (e.attention ? `${e.op} + ${e.attention}` : e.op);

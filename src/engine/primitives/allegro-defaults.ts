/**
 * AllegroNAS's two conv modules (D4 §3.2) are defined only in the paper's Fig. 2, whose contents
 * are not in the text; the text says:
 * - AllegroSepConv "changes the number of output channels after the first layer of convolution
 *   compared to the original depth-separable convolution", to process "more feature maps earlier"
 *   in "higher dimensions". So: the DARTS SepConv with its inner width (the first pointwise conv's
 *   output, the second half's input) at `midMultiplier`·C instead of C. Default 2, the smallest
 *   integer widening; 1 gives the DARTS SepConv exactly.
 * - AllegroDilConv "deepens the number of convolution layers compared to the original" dilated
 *   conv, so that it can "compete more fairly" with AllegroSepConv. So: the DARTS DilConv block
 *   followed by `extraDepth` more such blocks (stride 1, same dilation). Default 1: two blocks,
 *   the depth of a SepConv; 0 gives the DARTS DilConv exactly.
 * Kept free of tensor code so that the space registry (and a front end) can read the defaults.
 */
export const ALLEGRO_DEFAULTS = { midMultiplier: 2, extraDepth: 1 } as const;

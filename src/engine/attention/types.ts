import type { Layer } from '../nn/layers';
import type { Scope } from '../nn/params';

/** Height and width of the feature map a module sees (Gather-Excite's global gather needs it). */
export interface Spatial {
  height: number;
  width: number;
}

/**
 * An attention module: C channels in and out, the same spatial size. Att-DARTS places a softmax
 * mixture of these after each edge's mixed op. Ids are the reference's (chomin/Att-DARTS
 * genotypes.py ATTN_PRIMIVIVES), so derived genotypes read like its published ones.
 */
export interface AttentionModule {
  id: string;
  title: string;
  paper: string;
  create(scope: Scope, channels: number, spatial: Spatial): Layer;
}

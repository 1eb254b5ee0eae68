import { bam } from './bam';
import { cbam } from './cbam';
import { doubleAttention } from './double-attention';
import { gatherExcite } from './gather-excite';
import { identityAttention } from './identity';
import { squeezeExcite } from './squeeze-excite';
import type { AttentionModule } from './types';

export type { AttentionModule, Spatial } from './types';

/** Every attention module by id. A new module is one file plus one line here. */
export const attentionModules: ReadonlyMap<string, AttentionModule> = new Map(
  [identityAttention, squeezeExcite, bam, cbam, gatherExcite, doubleAttention].map((a) => [a.id, a]),
);

export function getAttention(id: string): AttentionModule {
  const a = attentionModules.get(id);
  if (!a) throw new Error(`unknown attention module '${id}' (known: ${[...attentionModules.keys()].join(', ')})`);
  return a;
}

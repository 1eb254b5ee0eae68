import { z } from 'zod';
import { retrainConfigSchema } from './config';
import { backendInfoSchema, datasetInfoSchema, genotypeJsonSchema, metric, searchEventSchema, stepFields } from './search-events-schema';

// The event stream of a retraining run. `epoch`, `checkpoint` and `cancelled` are the search's
// own events (same rows in the store); `start`, `step` and `done` carry what retraining has
// instead of α: the retrain config, drop path, the auxiliary loss, the final network's size.

type SearchMember<T extends string> = Extract<(typeof searchEventSchema.options)[number], { shape: { type: z.ZodLiteral<T> } }>;
const searchEvent = <T extends string>(type: T): SearchMember<T> => {
  const member = searchEventSchema.options.find((o) => o.shape.type.value === type);
  if (!member) throw new Error(`search events have no '${type}'`);
  return member as SearchMember<T>;
};

export const retrainMetadataSchema = z.object({
  kind: z.literal('retrain'),
  backend: backendInfoSchema,
  /** Trainable weights without the auxiliary head: what the reference's train.py reports. */
  params: z.number().int(),
  /** With the auxiliary head (when there is one): what training updates. */
  trainedParams: z.number().int(),
  /** Multiply-adds per image at inference (convolutions and the classifier). */
  multiplyAdds: z.number().int(),
  stepsPerEpoch: z.number().int(),
  trainExamples: z.number().int(),
  valExamples: z.number().int(),
  /** 'test': the dataset's test split (as train.py); 'held-out': a held-out part of the training set. */
  valSource: z.enum(['test', 'held-out']),
  dataset: datasetInfoSchema,
  /** Inputs are normalized per channel as (pixel/255 − mean)/std, NHWC. */
  preprocessing: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }),
});

export const retrainEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), config: retrainConfigSchema, meta: retrainMetadataSchema, resumedFromEpoch: z.number().int().nullable() }),
  z.object({
    ...stepFields,
    /** Main loss plus auxiliaryWeight × auxiliary loss, as train.py optimizes. */
    trainLoss: metric,
    /** The auxiliary head's own loss (null without the head). */
    auxLoss: metric.nullable(),
    dropPathProb: metric,
  }),
  searchEvent('epoch'),
  searchEvent('checkpoint'),
  z.object({
    type: z.literal('done'),
    epochs: z.number().int(),
    genotype: genotypeJsonSchema,
    seconds: metric,
    valAcc: metric,
    bestValAcc: metric,
    /** The checkpoint holding the final weights (null when none was written). */
    checkpoint: z.string().nullable(),
  }),
  searchEvent('cancelled'),
]);

export type RetrainMetadata = z.output<typeof retrainMetadataSchema>;
export type RetrainEvent = z.output<typeof retrainEventSchema>;

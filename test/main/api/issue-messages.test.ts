import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../../../src/shared/api/errors';
import { searchConfigSchema } from '../../../src/shared/config';

/** The sentence each bad value gets beside its field (the form shows the field's title itself). */
function sentences(config: unknown): Record<string, string> {
  const parsed = searchConfigSchema.safeParse(config);
  if (parsed.success) throw new Error('expected the config to be refused');
  return Object.fromEntries(fieldIssues(parsed.error).map((i) => [i.path.join('.'), i.message]));
}

describe('validation issues as sentences', () => {
  it('says what a field must be, in words', () => {
    expect(sentences({ model: { channels: 1 } })).toEqual({ 'model.channels': 'Must be at least 2' });
    expect(sentences({ model: { channels: 1024 } })).toEqual({ 'model.channels': 'Must be at most 512' });
    expect(sentences({ data: { trainPortion: 0 } })).toEqual({ 'data.trainPortion': 'Must be greater than 0' });
    expect(sentences({ data: { batchSize: 3.5 } })).toEqual({ 'data.batchSize': 'Must be a whole number' });
    expect(sentences({ data: { batchSize: 'abc' } })).toEqual({ 'data.batchSize': 'Must be a number' });
    expect(sentences({ backend: 'gpu' })).toEqual({ backend: 'Must be one of: auto, tensorflow, wasm, cpu' });
    expect(sentences({ model: { space: '' } })).toEqual({ 'model.space': 'Must not be empty' });
    expect(sentences({ schedules: { 'strategy.options.eta': { to: 0 } } })).toEqual({ 'schedules.strategy.options.eta.from': 'Required' });
  });

  it('names unknown settings, and keeps the schemas own sentences', () => {
    expect(sentences({ schedules: { x: { from: 1, bogus: 2 } } })).toEqual({ 'schedules.x': 'Unknown setting: bogus' });
    expect(sentences({ model: { channels: 6, groups: 4 } })).toEqual({ 'model.groups': 'the group count must divide model.channels' });
  });
});

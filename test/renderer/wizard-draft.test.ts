import { describe, expect, it } from 'vitest';
import { draftOrigin, parseDraft, resumable, type WizardDraft } from '../../src/renderer/src/lib/wizard-draft';

const draft = (over: Partial<WizardDraft> = {}): WizardDraft => ({ origin: {}, config: { budget: { epochs: 7 } }, source: 'engine defaults', step: 2, typed: [['data.batchSize', { text: 'abc', error: 'not a number' }]], edited: true, ...over });

describe('the wizard draft', () => {
  it('round-trips through JSON and rejects anything that is not a draft', () => {
    const d = draft({ origin: { clone: 'abc123' }, cloneOf: 'abc123' });
    expect(parseDraft(JSON.parse(JSON.stringify(d)))).toEqual(d);
    for (const bad of [null, 7, [], { ...d, config: [] }, { ...d, step: -1 }, { ...d, step: 1.5 }, { ...d, edited: 'yes' }, { ...d, typed: [['a', { text: 1, error: 'x' }]] }, { ...d, origin: { clone: 3 } }, { ...d, source: undefined }])
      expect(parseDraft(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it('is resumed by a plain New search, and by a link only from that same link', () => {
    const fromPreset = draft({ origin: { preset: 'quick' } });
    expect(resumable(fromPreset, {})).toBe(fromPreset);
    expect(resumable(fromPreset, { preset: 'quick' })).toBe(fromPreset);
    expect(resumable(fromPreset, { preset: 'pdarts' })).toBeUndefined();
    expect(resumable(fromPreset, { clone: 'x' })).toBeUndefined();
    expect(resumable(undefined, {})).toBeUndefined();
  });

  it('keeps one origin parameter and drops empty ones', () => {
    expect(draftOrigin({ clone: undefined, template: 't', preset: undefined })).toEqual({ template: 't' });
    expect(draftOrigin({})).toEqual({});
  });
});

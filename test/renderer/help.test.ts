import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/main/api/catalog';
import { entryPaper, paperLink, PAPERS, presetPaper } from '../../src/shared/papers';
import { SHORTCUTS, shortcutFor, type KeyPress } from '../../src/renderer/src/lib/shortcuts';

describe("Help's paper links", () => {
  const c = catalog();

  it('names the paper of every preset, search space and strategy the engine offers', () => {
    expect(c.presets.filter((p) => !presetPaper(p.id)).map((p) => p.id)).toEqual([]);
    for (const kind of ['space', 'strategy']) expect(c.plugins[kind].filter((e) => !entryPaper(kind, e.id)).map((e) => e.id), kind).toEqual([]);
    expect(presetPaper('pdarts-paper-cifar100-quick')).toBe(PAPERS.pdarts);
    expect(presetPaper('darts-2nd')).toBe(PAPERS.darts);
    expect(presetPaper('quick')).toBe(PAPERS.darts);
    expect(entryPaper('strategy', 'mixed-level')).toBe(PAPERS.milenas);
    expect(entryPaper('dataset', 'mnist')).toBeNull();
  });

  it('links the checked arXiv ids (the seeds cite DARTS and Amended-DARTS; P-DARTS, Fair DARTS and MiLeNAS checked on their arXiv listings), and AllegroNAS by its DOI', () => {
    const ids = Object.values(PAPERS).flatMap((p) => ('arxiv' in p ? [p.arxiv] : []));
    expect(ids.sort()).toEqual(['1806.09055', '1904.12760', '1910.11831', '1911.12126', '2003.12238']);
    expect(paperLink(PAPERS.darts)).toBe('https://arxiv.org/abs/1806.09055');
    expect(paperLink(PAPERS.amended)).toBe('https://arxiv.org/abs/1910.11831');
    expect(paperLink(PAPERS.allegro)).toBe('https://doi.org/10.32604/cmc.2023.047489');
    expect(paperLink(PAPERS.pdarts)).toBe('https://arxiv.org/abs/1904.12760');
    // No arXiv listing found: no link rather than an unchecked one.
    expect(paperLink(PAPERS.attDarts)).toBeNull();
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, more: Partial<KeyPress> = {}): string | null => shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, target: { tagName: 'BODY' }, ...more })?.description ?? null;

  it('maps single keys to screens, "?" (typed with Shift) to the shortcuts in Help', () => {
    expect(press('r')).toBe('Runs');
    expect(press('n')).toMatch(/^New search/);
    expect(press('c')).toBe('Compare runs');
    expect(shortcutFor({ key: '?', ctrlKey: false, metaKey: false, altKey: false, target: null })?.route).toEqual({ screen: 'help', topic: 'shortcuts' });
    expect(press('x')).toBeNull();
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
  });

  it('never fires while typing in a field, on a slider, with Ctrl/Cmd/Alt, or for a held key', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) expect(press('n', { target: { tagName } }), tagName).toBeNull();
    expect(press('n', { target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(press('r', { target: { tagName: 'SPAN', getAttribute: (n) => (n === 'role' ? 'slider' : null) } })).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('r', { metaKey: true })).toBeNull();
    expect(press('r', { altKey: true })).toBeNull();
    expect(press('r', { repeat: true })).toBeNull();
  });
});

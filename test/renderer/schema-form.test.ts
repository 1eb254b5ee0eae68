import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema, PluginInfo } from '../../src/shared/api';
import { searchConfigSchema } from '../../src/shared/config';
import { catalog } from '../../src/main/api/catalog';
import { SchemaFields, type FormContext } from '../../src/renderer/src/components/SchemaForm';
import { configFieldTitle } from '../../src/renderer/src/lib/config-labels';
import { describeFields, hasProperties, keyWords, pathTitle } from '../../src/renderer/src/lib/json-schema';

// The wizard's form is generated from the catalog: a plug-in the UI has never heard of, with its
// own options, must appear with its title, paper link, option fields and the host's messages.

const configSchema = z.toJSONSchema(searchConfigSchema, { io: 'input' }) as JsonSchema;
const madeUp: PluginInfo = {
  id: 'made-up',
  title: 'Made-up strategy',
  paper: 'Doe et al. 2030, §4.2',
  description: 'A strategy no UI code names.',
  optionsSchema: { type: 'object', properties: { foo: { type: 'integer', default: 3, minimum: 1, description: 'Foo count' }, mode: { type: 'string', enum: ['a', 'b'], default: 'b' } } },
};

function render(value: unknown, issues: Array<[string, string]> = [], keys = ['strategy']): string {
  const ctx: FormContext = {
    root: configSchema,
    configSchema,
    plugins: { strategy: [{ id: 'first-order', title: 'DARTS, first order', optionsSchema: { type: 'object', properties: {} } }, madeUp] },
    value,
    onChange: () => undefined,
    issues: new Map(issues.map(([k, m]) => [k, [m]])),
    typed: new Map(),
    onTyped: () => undefined,
  };
  return renderToStaticMarkup(createElement(SchemaFields, { ctx, schema: configSchema, path: [], keys }));
}

describe('the catalog-generated form', () => {
  it("offers every catalog entry and renders the chosen one's options from its schema", () => {
    const html = render({ strategy: { id: 'made-up', options: { foo: 7 } } });
    expect(html).toContain('>Made-up strategy</option>');
    expect(html).toContain('>DARTS, first order</option>');
    expect(html).toContain('A strategy no UI code names.');
    expect(html).toContain('href="#/help?topic=strategy-made-up"');
    expect(html).toContain('Doe et al. 2030, §4.2');
    expect(html).toMatch(/data-path="strategy.options.foo"[^>]*value="7"|value="7"[^>]*data-path="strategy.options.foo"/);
    expect(html).toContain('Foo count');
    expect(html).toContain('(≥ 1)');
    // The enum option shows its default selected.
    expect(html).toMatch(/<option value="b" selected="">b<\/option>/);
  });

  it('shows no options group for an entry without options', () => {
    const html = render({ strategy: { id: 'first-order' } });
    expect(html).not.toContain('data-path="strategy.options"');
  });

  it("puts the host's message next to the field it names and marks the field invalid", () => {
    const html = render({ strategy: { id: 'made-up', options: { foo: 0 } } }, [['strategy.options.foo', 'Too small: expected number to be >=1']]);
    expect(html).toMatch(/id="f-strategy.options.foo"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-strategy.options.foo"/);
    expect(html).toContain('id="f-strategy.options.foo-error"');
    expect(html).toContain('Too small: expected number to be &gt;=1');
  });

  it('shows unset fields with their default as a placeholder, leaving the value empty', () => {
    const html = render({}, [], ['model']);
    expect(html).toMatch(/data-path="model.channels"[^>]*placeholder="16"|placeholder="16"[^>]*data-path="model.channels"/);
    expect(html).toMatch(/value=""[^>]*placeholder="16"|placeholder="16"[^>]*value=""/);
  });

  it("names fields by the schema's titles in plain language, with the config key small beneath", () => {
    const html = render({}, [], ['model', 'data']);
    expect(html).toMatch(/<label for="f-model.channels"><span class="field-title">Initial channels \(C\)<\/span><small class="field-key">model.channels<\/small>/);
    expect(html).toMatch(/<span class="field-title">Batch size<\/span><small class="field-key">data.batchSize<\/small>/);
    // A plug-in reference is named after its kind; an option without a title by its key in words.
    expect(render({ strategy: { id: 'made-up' } })).toContain('<span class="field-title">Strategy</span><small class="field-key">strategy.id</small>');
    expect(render({ strategy: { id: 'made-up' } })).toContain('<span class="field-title">Foo</span><small class="field-key">strategy.options.foo</small>');
  });
});

describe('config field names', () => {
  it('gives every scalar field of the search and the retraining config a title', () => {
    const untitled = (schema: JsonSchema, root: JsonSchema, prefix: string[]): string[] =>
      describeFields(schema, root).flatMap((f) => (f.kind === 'object' && hasProperties(f.schema) ? untitled(f.schema, root, [...prefix, f.key]) : typeof f.schema.title === 'string' ? [] : [[...prefix, f.key].join('.')]));
    // Plug-in references ({id, options}) are named by their kind.
    expect(untitled(configSchema, configSchema, []).filter((p) => !/\.(id|options)$/.test(p))).toEqual([]);
    const retrain = catalog().retrain.configSchema;
    // The genotype is the architecture picked from the search (data, not a setting); data.options belong to the dataset.
    expect(untitled(retrain, retrain, []).filter((p) => p !== 'data.options' && !p.startsWith('genotype.'))).toEqual([]);
    expect(pathTitle(retrain, 'model.dropPathProb')).toBe('Drop-path rate (final)');
  });

  it("gives every plug-in option a title (the wizard's option fields)", () => {
    const untitled = Object.entries(catalog().plugins).flatMap(([kind, entries]) =>
      entries.flatMap((e) => describeFields(e.optionsSchema).flatMap((f) => (typeof f.schema.title === 'string' ? [] : [`${kind}.${e.id}.${f.key}`]))),
    );
    expect(untitled).toEqual([]);
  });

  it('names a dotted config path by its title, and an untitled option by its key in words', () => {
    expect(pathTitle(configSchema, 'weightOptimizer.lr')).toBe('Weight learning rate');
    expect(pathTitle(configSchema, 'archOptimizer.lr')).toBe('Architecture learning rate');
    expect(pathTitle(configSchema, 'strategy.options.chiMax')).toBe('Chi max');
    // With the catalog, a plug-in option takes the title of the entry the config chose.
    const c = catalog();
    expect(configFieldTitle(c.configSchema, c.plugins, { strategy: { id: 'asymptotic' } }, 'strategy.options.chiMax')).toBe('Largest regularization weight (χ max)');
    expect(configFieldTitle(c.configSchema, c.plugins, { regularizers: [{ id: 'zero-one' }] }, 'regularizers.0.options.weight')).toBe('Zero-one loss weight');
    expect(configFieldTitle(c.configSchema, c.plugins, {}, 'budget.epochs')).toBe('Epochs');
    expect(keyWords('trainPortion')).toBe('Train portion');
    expect(keyWords('edges_per-node')).toBe('Edges per node');
  });
});

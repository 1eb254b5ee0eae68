export * from './search';
export * from './presets';

export * from './search';
export * from './presets';
export * from './retrain';

export { search, type SearchOptions } from './search';
export { createSession, captureState, restoreState, configHash, type Session } from './session';
export { saveCheckpoint, loadCheckpoint, type CheckpointState } from './checkpoint';
export { weightStep, evaluate } from './steps';
export { resolvePlugins, type Plugins } from './plugins';

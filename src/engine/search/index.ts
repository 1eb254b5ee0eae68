export { search, type SearchOptions } from './search';
export { createSession, captureState, restoreState, configHash, type Session } from './session';
export { saveCheckpoint, loadCheckpoint, type CheckpointState } from './checkpoint';
export { weightStep, evaluate } from './steps';
export { ConfigFieldError, resolvePlugins, type Plugins } from './plugins';
export { calibrate, type Calibration } from './calibrate';

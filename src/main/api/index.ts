// The API service both hosts share: Electron's IPC handler and `nas-studio serve`.
export { ApiService } from './service';
export type { ApiContext, Caller } from './handlers';
export { Calibrations, type Calibrate } from './calibrations';
export { toApiError } from './errors';
export { UpdateFeed, type UpdateFeedOptions } from './update-feed';

// The API service both hosts share: Electron's IPC handler and `nas-studio serve`.
export { ApiService } from './service';
export type { ApiContext } from './handlers';
export { toApiError } from './errors';
export { UpdateFeed, type UpdateFeedOptions } from './update-feed';

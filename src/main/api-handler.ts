import { ipcMain } from 'electron';
import { API_CHANNEL, apiRequestSchema, type ApiRequest, type ApiResults } from '../shared/api';
import { hostInfo } from './host-info';

function dispatch(request: ApiRequest): ApiResults[ApiRequest['method']] {
  switch (request.method) {
    case 'hostInfo':
      return hostInfo();
  }
}

/**
 * Serves the bridge's requests. Only frames showing our own UI may call, and every
 * request is parsed against the shared schema: the renderer is untrusted input.
 */
export function registerApiHandler(isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(API_CHANNEL, (event, request: unknown) => {
    const frameUrl = event.senderFrame?.url;
    if (!frameUrl || !isAppUrl(frameUrl)) throw new Error('nas-studio: request from a frame outside the app');
    const parsed = apiRequestSchema.safeParse(request);
    if (!parsed.success) throw new Error(`nas-studio: invalid request: ${parsed.error.message}`);
    return dispatch(parsed.data);
  });
}

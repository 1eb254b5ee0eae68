import { ipcMain, type WebContents } from 'electron';
import { API_CHANNEL, ApiError, UPDATE_CHANNEL, type ApiErrorShape } from '../shared/api';
import { UpdateFeed, type ApiService } from './api';

type Reply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

/** Each window is one API client (what it holds, a calibration, ends with it). */
const windowClient = (contents: WebContents) => `window:${contents.id}`;

/**
 * Serves the bridge's requests with the shared ApiService. Only frames showing our own UI may
 * call, and the service parses every request against the shared schemas: the renderer is
 * untrusted input. Errors go back as data, since Electron flattens thrown errors into strings.
 */
export function registerApiHandler(service: ApiService, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(API_CHANNEL, async (event, request: unknown): Promise<Reply> => {
    const frameUrl = event.senderFrame?.url;
    if (!frameUrl || !isAppUrl(frameUrl)) return { ok: false, error: new ApiError('unauthorized', 'request from a frame outside the app').toJSON() };
    const { method, params } = (typeof request === 'object' && request !== null ? request : {}) as { method?: unknown; params?: unknown };
    try {
      return { ok: true, result: await service.call(typeof method === 'string' ? method : '', params, { client: windowClient(event.sender) }) };
    } catch (e) {
      return { ok: false, error: (e instanceof ApiError ? e : new ApiError('internal', String(e))).toJSON() };
    }
  });
}

/** Streams run updates to one window, batched like the browser host's; stops, and cancels its calibration, when it closes. */
export function feedUpdates(service: ApiService, contents: WebContents): void {
  const feed = new UpdateFeed({ send: (frame) => contents.send(UPDATE_CHANNEL, frame) });
  const unsubscribe = service.onUpdate((u) => feed.push(u));
  contents.once('destroyed', () => {
    unsubscribe();
    feed.close();
    service.disconnect(windowClient(contents));
  });
}

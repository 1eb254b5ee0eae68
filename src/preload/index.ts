import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, UPDATE_CHANNEL, type NasStudioBridge, type RunUpdateListener, type UpdatesFrame } from '../shared/api';
import { PRODUCT_VERSION } from '../shared/product';

// The whole surface the page gets: one call function on one channel and one update feed. The page
// never sees ipcRenderer, so it cannot pick channels; main checks every request against the
// shared schemas.

type Reply = { ok: true; result: unknown } | { ok: false; error: unknown };

const listeners = new Set<RunUpdateListener>();
ipcRenderer.on(UPDATE_CHANNEL, (_event, frame: UpdatesFrame) => {
  for (const update of frame.updates) for (const listener of listeners) listener(update);
});

const bridge: NasStudioBridge = {
  version: PRODUCT_VERSION,
  async call(method, params) {
    const reply = (await ipcRenderer.invoke(API_CHANNEL, { method, params })) as Reply;
    if (!reply.ok) throw reply.error;
    return reply.result;
  },
  onUpdate(listener) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('nasStudio', bridge);

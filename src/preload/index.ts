import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL, type ApiMethod, type ApiRequest, type ApiResults, type NasStudioApi } from '../shared/api';
import { PRODUCT_VERSION } from '../shared/product';

// The whole surface the page gets: named methods with fixed requests. The page never
// sees ipcRenderer, so it cannot pick channels or send arbitrary payloads.

function call<M extends ApiMethod>(request: Extract<ApiRequest, { method: M }>): Promise<ApiResults[M]> {
  return ipcRenderer.invoke(API_CHANNEL, request) as Promise<ApiResults[M]>;
}

const api: NasStudioApi = {
  version: PRODUCT_VERSION,
  hostInfo: () => call({ method: 'hostInfo' }),
};

contextBridge.exposeInMainWorld('nasStudio', api);

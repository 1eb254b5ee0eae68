import { apiParams, ApiError, invalidInput, type ApiMethod, type RunUpdateListener } from '../../shared/api';
import { toApiError } from './errors';
import { handlers, type ApiContext } from './handlers';

const isMethod = (m: string): m is ApiMethod => Object.hasOwn(apiParams, m);

/**
 * The API, transport-free: Electron's IPC handler and the browser host's WebSocket both pass what
 * they receive here. Params are parsed with the method's schema; every failure comes back as an
 * ApiError (never a stack trace or a raw library error).
 */
export class ApiService {
  constructor(private readonly ctx: ApiContext) {}

  async call(method: string, params: unknown): Promise<unknown> {
    if (!isMethod(method)) throw new ApiError('not-found', `no API method ${JSON.stringify(method)}`);
    const parsed = apiParams[method].safeParse(params ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    try {
      return await (handlers[method] as (ctx: ApiContext, p: unknown) => unknown)(this.ctx, parsed.data);
    } catch (e) {
      throw toApiError(e);
    }
  }

  onUpdate(listener: RunUpdateListener): () => void {
    return this.ctx.manager.subscribe(listener);
  }
}

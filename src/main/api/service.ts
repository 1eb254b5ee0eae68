import { apiParams, ApiError, invalidInput, type ApiMethod, type RunUpdateListener } from '../../shared/api';
import { toApiError } from './errors';
import { handlers, type ApiContext, type Caller } from './handlers';

const isMethod = (m: string): m is ApiMethod => Object.hasOwn(apiParams, m);

/**
 * The API, transport-free: Electron's IPC handler and the browser host's WebSocket both pass what
 * they receive here. Params are parsed with the method's schema; every failure comes back as an
 * ApiError (never a stack trace or a raw library error). `caller` names the connection a call came
 * by, for what is held per client (a calibration); hosts with one client may leave it out.
 */
export class ApiService {
  constructor(private readonly ctx: ApiContext) {}

  async call(method: string, params: unknown, caller: Caller = { client: 'local' }): Promise<unknown> {
    if (!isMethod(method)) throw new ApiError('not-found', `no API method ${JSON.stringify(method)}`);
    const parsed = apiParams[method].safeParse(params ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);
    try {
      return await (handlers[method] as (ctx: ApiContext, p: unknown, c: Caller) => unknown)(this.ctx, parsed.data, caller);
    } catch (e) {
      throw toApiError(e);
    }
  }

  /** The client has gone: its calibration is cancelled. */
  disconnect(client: string): void {
    this.ctx.calibrations.cancel(client, 'cancelled: the client disconnected');
  }

  onUpdate(listener: RunUpdateListener): () => void {
    return this.ctx.manager.subscribe(listener);
  }
}

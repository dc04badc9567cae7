import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { type PlatformInfo, type Runtime, WILDCARD_PARAM } from '@faasade/core';
import { invocationMeta } from '../meta';
import type { AdapterSettings } from '../settings';
import { readBytes, toHttpInput } from './request';
import { toResponseInit } from './response';

/**
 * The handler registered with `app.http`. With a function name the request goes to that
 * function (the host already routed it); without one, to the app's router (the catch-all).
 */
export function createHttpHandler(
  runtime: Runtime,
  target: { functionName?: string; wildcard?: boolean },
  settings: AdapterSettings,
  platform: PlatformInfo,
): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const input = toHttpInput(request, settings.routePrefix);
    const stream = request.body;
    if (stream !== null) input.body = await readBytes(stream);
    // The runtime matches the route itself; the host's params serve when it cannot (the host
    // matches literals case-insensitively), under the runtime's name for the wildcard.
    if (target.wildcard && input.params && WILDCARD_PARAM in input.params) {
      const { [WILDCARD_PARAM]: rest, ...named } = input.params;
      input.params = { ...named, '*': rest };
    }
    const meta = invocationMeta(request, context, settings.httpTimeoutMs, platform);
    return toResponseInit(await runtime.http(input, meta, target.functionName));
  };
}

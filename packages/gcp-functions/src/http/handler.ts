import type { Runtime } from '@faasade/core';
import type { HttpFunction } from '@google-cloud/functions-framework';
import type { GcpPlatform } from '../platform';
import { httpMeta, requestBody, toHttpInput } from './request';
import { sendOutput } from './response';

/**
 * The functions-framework HTTP function for one app function (`functionName`), or for the app's
 * router when it is undefined. GCP has no route templates: the path after the function's URL is
 * matched against the function's route to give `ctx.params`.
 */
export function httpFunction(runtime: Runtime, platform: GcpPlatform, functionName?: string): HttpFunction {
  return async (req, res) => {
    const pending = requestBody(req);
    const body = pending instanceof Promise ? await pending : pending;
    const output = await runtime.http(toHttpInput(req, body), httpMeta(req, res, platform), functionName);
    sendOutput(res, output);
  };
}

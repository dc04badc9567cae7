import type { EventGridHandler, InvocationContext } from '@azure/functions';
import type { PlatformInfo, Runtime } from '@faasade/core';
import { asError } from '../errors';
import { invocationMeta } from '../meta';
import type { AdapterSettings } from '../settings';
import { toCloudEvent } from './cloud-event';

/**
 * The handler registered with `app.eventGrid`. A failed run throws, so that Event Grid retries
 * the delivery under its retry policy and then dead-letters it, if the subscription has a
 * dead-letter destination.
 */
export function createEventHandler(
  runtime: Runtime,
  functionName: string,
  settings: AdapterSettings,
  platform: PlatformInfo,
): EventGridHandler<unknown> {
  return async (event: unknown, context: InvocationContext): Promise<void> => {
    const meta = invocationMeta(event, context, settings.functionTimeoutMs, platform);
    const outcome = await runtime.event(functionName, toCloudEvent(event), meta);
    if (outcome.status === 'error') throw asError(outcome.error);
  };
}

import { type CloudEvent, isWarmupPayload, type Runtime } from '@faasade/core';
import type { CloudEventFunction } from '@google-cloud/functions-framework';
import { EventFailedError } from '../errors';
import { eventMeta } from '../event-meta';
import type { GcpPlatform } from '../platform';

/**
 * The functions-framework CloudEvent function for one event function (Eventarc: Cloud Storage,
 * Firestore, audit logs, custom events). The event goes to the handler as it arrived; a failure
 * throws, so Eventarc records it and retries when the trigger has retries on.
 */
export function eventFunction(
  runtime: Runtime,
  platform: GcpPlatform,
  functionName: string,
): CloudEventFunction {
  return async (ce) => {
    const outcome = await runtime.event(
      functionName,
      ce as CloudEvent,
      eventMeta(ce, platform, isWarmupPayload(ce.data)),
    );
    if (outcome.status === 'error') throw new EventFailedError(functionName, ce.id, outcome.error);
  };
}

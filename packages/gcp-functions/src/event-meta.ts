import type { InvocationMeta } from '@faasade/core';
import type { GcpPlatform } from './platform';
import type { GcpCloudEvent } from './types';

/**
 * What the runtime should know about a CloudEvent invocation. functions-framework passes a
 * CloudEvent function nothing but the event, so `ctx.raw.context` is undefined.
 */
export function eventMeta(ce: GcpCloudEvent, platform: GcpPlatform, warmup: boolean): InvocationMeta {
  return {
    deadline: platform.timeoutMs === undefined ? undefined : Date.now() + platform.timeoutMs,
    raw: { event: ce, context: undefined },
    platform: platform.info,
    warmup,
  };
}

import type { InvocationContext } from '@azure/functions';
import { isWarmupPayload, type MessageInput, type PlatformInfo, type Runtime } from '@faasade/core';
import { asError } from '../errors';
import { invocationMeta } from '../meta';
import type { AdapterSettings } from '../settings';
import type { AzureHandler, QueueRoute } from '../types';

export type ToMessageInput = (entry: unknown, context: InvocationContext, queueName: string) => MessageInput;

/**
 * The handler registered with `app.storageQueue` or `app.serviceBusQueue`. It turns the
 * runtime's outcome into the host's signals:
 * - ok: return, and the host deletes (completes) the message;
 * - retry: throw, and the host delivers it again;
 * - dead-letter before the host's last delivery (a message that failed validation, or an app
 *   `maxAttempts` below the host's limit): write it to the poison queue through the output
 *   binding and return, so it lands there at once;
 * - dead-letter on the host's last delivery: throw, and the host moves it to the poison queue
 *   (storage: `<queue>-poison`; Service Bus: the dead-letter subqueue) itself.
 */
export function createQueueHandler(
  runtime: Runtime,
  functionName: string,
  route: QueueRoute,
  toInput: ToMessageInput,
  settings: AdapterSettings,
  platform: PlatformInfo,
): AzureHandler<unknown, void> {
  return async (entry: unknown, context: InvocationContext): Promise<void> => {
    const input = toInput(entry, context, route.queueName);
    const meta = invocationMeta(entry, context, settings.functionTimeoutMs, platform);
    if (isWarmupPayload(entry)) meta.warmup = true;
    const outcome = await runtime.message(functionName, input, meta);
    if (outcome.status === 'ok') return;
    if (outcome.status === 'dead-letter' && input.deliveryCount < route.maxDeliveryCount) {
      // A binary message goes to the poison queue as the bytes it was, not its lossy UTF-8 text.
      context.extraOutputs.set(route.poisonOutput, input.bytes ? Buffer.from(input.bytes) : input.text);
      return;
    }
    throw asError(outcome.error);
  };
}

import { randomUUID } from 'node:crypto';
import { InvocationContext, type LogLevel, type TriggerMetadata } from '@azure/functions';
import { format } from 'node:util';

/** One line as the Functions host received it through the invocation context. */
export interface AzureLogEntry {
  /** The host's level: `trace`, `debug`, `information`, `warning`, `error`, `critical`. */
  level: LogLevel;
  message: string;
}

export interface AzureInvocationContextInit {
  functionName?: string;
  /** Default: a new GUID, as the host gives every invocation. */
  invocationId?: string;
  triggerMetadata?: TriggerMetadata;
  /** The host's W3C trace context for this invocation. */
  traceParent?: string;
  traceState?: string;
  /** Lines logged through the context are pushed here. */
  logs?: AzureLogEntry[];
}

/**
 * A real `@azure/functions` `InvocationContext` whose log handler captures lines (into `logs`)
 * instead of printing them.
 *
 * @example
 * ```ts
 * import { azureInvocationContext, type AzureLogEntry } from '@faasade/testing/azure';
 * const logs: AzureLogEntry[] = [];
 * const context = azureInvocationContext({ functionName: 'createOrder', logs });
 * context.warn('low stock');
 * logs[0]; // { level: 'warning', message: 'low stock' }
 * ```
 */
export function azureInvocationContext(init: AzureInvocationContextInit = {}): InvocationContext {
  const logs = init.logs;
  return new InvocationContext({
    functionName: init.functionName,
    invocationId: init.invocationId ?? randomUUID(),
    triggerMetadata: init.triggerMetadata,
    traceContext:
      init.traceParent === undefined
        ? undefined
        : { traceParent: init.traceParent, traceState: init.traceState },
    logHandler: (level, ...args) => {
      logs?.push({ level, message: format(...args) });
    },
  });
}

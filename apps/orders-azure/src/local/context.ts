import { randomBytes, randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext, type LogLevel as AzureLogLevel, type TriggerMetadata } from '@azure/functions';
import { type LogLevel, parseTraceparent } from '@faasade/core';
import { defaultLogSink } from '@faasade/core/logger';

const NEUTRAL: Record<AzureLogLevel, LogLevel> = {
  trace: 'trace',
  debug: 'debug',
  information: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'fatal',
  none: 'info',
};

/**
 * The W3C trace context the Functions host gives an invocation: a span of its own in the
 * incoming trace (an HTTP request's `traceparent`), or a new trace when nothing came in.
 */
export function hostTraceParent(incoming?: string | null): string {
  const ids = parseTraceparent(incoming ?? undefined);
  const span = randomBytes(8).toString('hex');
  if (!ids) return `00-${randomBytes(16).toString('hex')}-${span}-01`;
  return `00-${ids.traceId}-${span}-${ids.sampled ? '01' : '00'}`;
}

/**
 * A real `@azure/functions` `InvocationContext` as the host builds one for each invocation: a
 * new invocation id, the trigger's metadata, the host's trace context, and a log handler that
 * writes each line (already formatted by faasade) where this process's logs go.
 *
 * @example
 * ```ts
 * import { localInvocationContext } from '@faasade/orders-azure/dist/local/context';
 * const context = localInvocationContext('getInventory');
 * context.info('{"level":"info","message":"hello"}'); // printed on stdout
 * ```
 */
export function localInvocationContext(
  functionName: string,
  init: { triggerMetadata?: TriggerMetadata; incomingTraceparent?: string | null } = {},
): InvocationContext {
  return new InvocationContext({
    functionName,
    invocationId: randomUUID(),
    triggerMetadata: init.triggerMetadata,
    traceContext: { traceParent: hostTraceParent(init.incomingTraceparent), attributes: {} },
    logHandler: (level, ...args) => defaultLogSink().write(format(...args), NEUTRAL[level] ?? 'info'),
  });
}

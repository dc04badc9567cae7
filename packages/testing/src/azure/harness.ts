import { randomBytes, randomUUID } from 'node:crypto';
import type { InvocationContext } from '@azure/functions';
import {
  type AzureFunctionsOptions,
  type AzureRegistration,
  registerAzureFunctions,
} from '@faasade/azure-functions';
import { type App, type CloudEvent, matchRoute, parseTraceparent, resetInstance } from '@faasade/core';
import type {
  Harness,
  HarnessHttpOptions,
  HarnessLogLine,
  HarnessMessage,
  QueueBatchResult,
} from '../harness';
import { type AzureLogEntry, azureInvocationContext } from './context';
import { azureHttpRequest } from './http';
import { serviceBusMessage, storageQueueMessage } from './queue';
import { hostResponse } from './response';
import { timerInfo } from './timer';

/** Options of {@link azureHarness}: those of `registerAzureFunctions`, the registrar aside. */
export type AzureHarnessOptions = Omit<AzureFunctionsOptions, 'registrar'>;

type Registered = { byName: Map<string, AzureRegistration>; list: AzureRegistration[] };

const NEUTRAL_LEVEL: Record<string, string> = { information: 'info', warning: 'warn', critical: 'fatal' };

/**
 * Invokes an app the way Azure Functions would: the functions `registerAzureFunctions` registers
 * (with the catch-all router and the warmup trigger on unless turned off), called with the real
 * `HttpRequest`, `InvocationContext` and trigger shapes; the host's routing, route prefix,
 * response writing, queue retry and poison rules applied around them; lines captured from the
 * context's log methods.
 *
 * @example
 * ```ts
 * import { azureHarness } from '@faasade/testing/azure';
 * import { app } from '../src/app';
 * const azure = azureHarness(app, { maxDequeueCount: 5 });
 * const res = await azure.http(new Request('https://localhost/orders/42'));
 * const batch = await azure.queue('processOrder', [{ id: 'm1', body: { orderId: 'o-1' } }]);
 * ```
 */
export function azureHarness(app: App, options: AzureHarnessOptions = {}): Harness {
  const entries: AzureLogEntry[] = [];
  const cache = new Map<number, Registered>();
  const prefix = (options.routePrefix ?? 'api').replace(/^\/+|\/+$/g, '');

  // The function timeout is fixed per registration, as host.json fixes it per app.
  function registered(timeoutMs: number | undefined): Registered {
    const key = timeoutMs ?? -1;
    let found = cache.get(key);
    if (!found) {
      const list = registerAzureFunctions(app, {
        router: true,
        warmupTrigger: true,
        ...options,
        functionTimeoutMs: timeoutMs ?? options.functionTimeoutMs,
        registrar: {
          http() {},
          storageQueue() {},
          serviceBusQueue() {},
          timer() {},
          eventGrid() {},
          warmup() {},
        },
      });
      found = { list, byName: new Map(list.map((r) => [r.name, r])) };
      cache.set(key, found);
    }
    return found;
  }

  function find<K extends AzureRegistration['kind']>(name: string, kinds: K[], timeoutMs?: number) {
    const r = registered(timeoutMs).byName.get(name);
    if (!r || !kinds.includes(r.kind as K))
      throw new TypeError(`No ${kinds.join(' or ')} function named "${name}"`);
    return r as Extract<AzureRegistration, { kind: K }>;
  }

  function context(
    functionName: string,
    extra: { triggerMetadata?: Record<string, unknown>; traceparent?: string | null } = {},
  ): InvocationContext {
    return azureInvocationContext({
      functionName,
      triggerMetadata: extra.triggerMetadata,
      traceParent: hostTraceParent(extra.traceparent ?? undefined),
      logs: entries,
    });
  }

  async function http(request: Request, opts: HarnessHttpOptions = {}): Promise<Response> {
    const url = new URL(request.url);
    const all = registered(opts.timeoutMs);
    let target: AzureRegistration | undefined;
    let params: Record<string, string> = {};
    if (opts.functionName !== undefined) target = find(opts.functionName, ['http'], opts.timeoutMs);
    else {
      // The host routes: the most specific route that takes the method, else the catch-all.
      const match = app.router().match(request.method, url.pathname);
      if (match.kind === 'found') {
        target = all.byName.get(match.entry.name);
        params = hostParams(matchRoute(match.entry.route, url.pathname) ?? {});
      } else target = all.list.find((r) => r.kind === 'http' && r.options.route === '{*path}');
    }
    if (target?.kind !== 'http') return new Response(null, { status: 404 });
    const path = prefix === '' ? url.pathname : `/${prefix}${url.pathname}`;
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const sent = new Request(`${url.origin}${path}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body,
    });
    const azureRequest = await azureHttpRequest(sent, { params });
    const ctx = context(target.name, { traceparent: request.headers.get('traceparent') });
    return hostResponse(await target.handler(azureRequest, ctx));
  }

  async function queue(
    functionName: string,
    messages: HarnessMessage[],
    opts: { timeoutMs?: number } = {},
  ): Promise<QueueBatchResult> {
    const target = find(functionName, ['storageQueue', 'serviceBusQueue'], opts.timeoutMs);
    const result: QueueBatchResult = { succeeded: [], retried: [], deadLettered: [] };
    for (const m of messages) {
      const count = m.deliveryCount ?? 1;
      const delivery =
        target.kind === 'storageQueue'
          ? storageQueueMessage(m.body, { id: m.id, dequeueCount: count })
          : serviceBusMessage(m.body, {
              messageId: m.id,
              deliveryCount: count,
              applicationProperties: m.attributes,
            });
      const ctx = context(functionName, {
        triggerMetadata: delivery.triggerMetadata,
        traceparent: m.attributes?.traceparent,
      });
      try {
        await target.handler(delivery.entry, ctx);
        const poisoned = ctx.extraOutputs.get(target.queue.poisonOutput) !== undefined;
        result[poisoned ? 'deadLettered' : 'succeeded'].push(m.id);
      } catch {
        // The host moves a message that failed its last allowed delivery to the poison queue.
        result[count >= target.queue.maxDeliveryCount ? 'deadLettered' : 'retried'].push(m.id);
      }
    }
    return result;
  }

  async function schedule(functionName: string): Promise<{ ok: boolean }> {
    const target = find(functionName, ['timer']);
    return settle(() => target.handler(timerInfo(), context(functionName)));
  }

  async function event(functionName: string, ce: CloudEvent): Promise<{ ok: boolean }> {
    const target = find(functionName, ['eventGrid']);
    return settle(() => target.handler(ce, context(functionName, { traceparent: ce.traceparent })));
  }

  async function warmup(functionName: string): Promise<void> {
    const trigger = registered(undefined).list.find((r) => r.kind === 'warmup');
    if (trigger?.kind === 'warmup') {
      await trigger.handler({}, context(trigger.name));
      return;
    }
    const target = find(functionName, ['http', 'storageQueue', 'serviceBusQueue', 'timer', 'eventGrid']);
    if (target.kind === 'http')
      await http(new Request('https://localhost/', { headers: { 'x-faasade-warmup': '1' } }), {
        functionName,
      });
    else if (target.kind === 'storageQueue' || target.kind === 'serviceBusQueue') {
      await queue(functionName, [{ id: randomUUID(), body: { faasadeWarmup: true } }]);
    }
  }

  return {
    cloud: 'azure',
    http,
    queue,
    schedule,
    event,
    warmup,
    logs: () => entries.map(logLine),
    clearLogs: () => {
      entries.length = 0;
    },
    newInstance: () => resetInstance(),
    close: async () => {},
  };
}

async function settle(run: () => Promise<unknown> | unknown): Promise<{ ok: boolean }> {
  try {
    await run();
    return { ok: true };
  } catch {
    return { ok: false };
  }
}

/** The host continues an incoming trace in a span of its own: same trace, new parent span. */
function hostTraceParent(incoming: string | undefined): string | undefined {
  const ids = parseTraceparent(incoming);
  if (!ids) return undefined;
  return `00-${ids.traceId}-${randomBytes(8).toString('hex')}-${ids.sampled ? '01' : '00'}`;
}

/** The host names the wildcard of `files/{*rest}` `rest`. */
function hostParams(params: Record<string, string>): Record<string, string> {
  if (!('*' in params)) return params;
  const { '*': rest, ...named } = params;
  return { ...named, rest };
}

function logLine(entry: AzureLogEntry): HarnessLogLine {
  try {
    const parsed = JSON.parse(entry.message) as Record<string, unknown>;
    if (parsed !== null && typeof parsed === 'object' && typeof parsed.message === 'string') {
      const { level, message, ...fields } = parsed;
      return { level: String(level ?? neutral(entry.level)), message, fields, raw: entry.message };
    }
  } catch {
    // Not one of faasade's lines: keep it as the host saw it.
  }
  return { level: neutral(entry.level), message: entry.message, fields: {}, raw: entry.message };
}

function neutral(level: string): string {
  return NEUTRAL_LEVEL[level] ?? level;
}

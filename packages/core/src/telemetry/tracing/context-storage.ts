import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { type InvocationScope, scopeStorage } from '../../context/scope';

/**
 * Where the OpenTelemetry context of the code running now is found, without a second
 * AsyncLocalStorage on the invocation path.
 *
 * An invocation's context rides on its {@link InvocationScope}, which the core already carries
 * through every callback and promise of the invocation: one store, one set of async hooks, no
 * per-invocation `run`. Contexts entered explicitly (`context.with(...)` through the API with
 * `register: true`, or an observation run outside any invocation) go to {@link enteredStorage},
 * tagged with the scope they were entered in, so that they apply only inside that scope: an
 * invocation started under someone else's entered context still sees its own.
 *
 * Only `node:async_hooks`, the core's scope and a type of the API are imported here, so the light
 * entry points (`tracedFetch`) stay OpenTelemetry-free.
 */

/** The property of an {@link InvocationScope} that holds its telemetry (see {@link ContextSource}). */
export const SCOPE_TELEMETRY = Symbol.for('faasade.telemetry.scope');

/** What an invocation leaves on its scope: the way to its OpenTelemetry context, made on demand. */
export interface ContextSource {
  otelContext(): Context;
}

type TelemetryScope = InvocationScope & { [SCOPE_TELEMETRY]?: ContextSource };

/** A context entered with `with()`, and the invocation scope (if any) it was entered in. */
interface Entered {
  readonly scope: InvocationScope | undefined;
  readonly context: Context;
}

/** One storage for the process, shared by every telemetry instance; used only by explicit `with()`. */
export const enteredStorage = new AsyncLocalStorage<Entered>();

/** The OpenTelemetry context of the code running now; undefined outside any invocation or `with()`. */
export function activeContext(): Context | undefined {
  const scope = scopeStorage.getStore() as TelemetryScope | undefined;
  const entered = enteredStorage.getStore();
  if (entered !== undefined && entered.scope === scope) return entered.context;
  return scope?.[SCOPE_TELEMETRY]?.otelContext();
}

/** Runs `fn` with `context` active (the API's `context.with`). */
export function runWithContext<T>(context: Context, fn: () => T): T {
  return enteredStorage.run({ scope: scopeStorage.getStore(), context }, fn);
}

/**
 * Runs an invocation's handler with `source`'s context active. Inside the invocation's scope
 * (the runtime's case) this sets a field and calls `fn`: no storage is entered. Outside any
 * scope (an observer driven directly, as in tests) it enters the context with {@link runWithContext}.
 */
export function enterInvocation<T>(source: ContextSource, fn: () => T): T {
  const scope = scopeStorage.getStore() as TelemetryScope | undefined;
  if (scope !== undefined && (scope[SCOPE_TELEMETRY] === undefined || scope[SCOPE_TELEMETRY] === source)) {
    scope[SCOPE_TELEMETRY] = source;
    // A context entered in this very scope before the observation ran would shadow it.
    const entered = enteredStorage.getStore();
    if (entered === undefined || entered.scope !== scope) return fn();
  }
  return runWithContext(source.otelContext(), fn);
}

/** What {@link tracedFetch} finds in the active context to trace an outgoing call with. */
export interface FetchTracer {
  fetch(context: Context, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response>;
}

/** `createContextKey` is `Symbol.for(description)`; spelled out to avoid loading the API. */
export const FETCH_TRACER_KEY = Symbol.for('faasade.telemetry.fetch-tracer');

/** The tracer of the invocation running now, with its context; undefined outside one. */
export function activeFetchTracer(): { tracer: FetchTracer; context: Context } | undefined {
  const context = activeContext();
  const tracer = context?.getValue(FETCH_TRACER_KEY) as FetchTracer | undefined;
  return tracer && context ? { tracer, context } : undefined;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

/**
 * The OpenTelemetry context of the code running now. One storage for the process, shared by
 * every telemetry instance: each invocation's context carries its own instance under
 * {@link FETCH_TRACER_KEY}, so several instances (tests, two apps in one process) never mix.
 * Only a type is imported from the API here, so the light entry points stay OpenTelemetry-free.
 */
export const contextStorage = new AsyncLocalStorage<Context>();

/** What {@link tracedFetch} finds in the active context to trace an outgoing call with. */
export interface FetchTracer {
  fetch(context: Context, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response>;
}

/** `createContextKey` is `Symbol.for(description)`; spelled out to avoid loading the API. */
export const FETCH_TRACER_KEY = Symbol.for('faasade.telemetry.fetch-tracer');

/** The tracer of the invocation running now, with its context; undefined outside one. */
export function activeFetchTracer(): { tracer: FetchTracer; context: Context } | undefined {
  const context = contextStorage.getStore();
  const tracer = context?.getValue(FETCH_TRACER_KEY) as FetchTracer | undefined;
  return tracer && context ? { tracer, context } : undefined;
}

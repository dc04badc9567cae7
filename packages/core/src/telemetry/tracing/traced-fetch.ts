import { activeFetchTracer } from './context-storage';

/** Marks a `fetch` faasade wrapped (`instrumentFetch`), pointing at the one it wraps. */
export const WRAPPED_FETCH = Symbol.for('faasade.telemetry.wrapped-fetch');

/**
 * The global `fetch` without faasade's wrapper, read at call time (so a test's stub still works).
 * Traced calls go through it: through the wrapper they would be traced twice, or forever.
 */
export function untracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let fetchFn = globalThis.fetch as typeof fetch & { [WRAPPED_FETCH]?: typeof fetch };
  while (fetchFn[WRAPPED_FETCH]) fetchFn = fetchFn[WRAPPED_FETCH] as typeof fetchFn;
  return fetchFn(input, init);
}

/**
 * `fetch` that continues the invocation's trace: inside an invocation it opens a child CLIENT
 * span and sends `traceparent` (and every registered header format); outside one it is plain
 * `fetch`. Explicit on purpose: nothing global is patched unless `instrumentFetch: true` is set.
 *
 * @example
 * ```ts
 * import { tracedFetch } from '@faasade/core/telemetry';
 *
 * http({ method: 'GET', route: '/stock/:sku' }, async (_req, ctx) => {
 *   const res = await tracedFetch(`https://inventory.internal/items/${ctx.params.sku}`, { signal: ctx.signal });
 *   return res.json();
 * });
 * ```
 */
export function tracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const active = activeFetchTracer();
  return active ? active.tracer.fetch(active.context, input, init) : globalThis.fetch(input, init);
}

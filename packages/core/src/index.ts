/**
 * @faasade/core: write a serverless function once; run it on AWS Lambda, Azure Functions and
 * Google Cloud Functions. This entry point carries the function model, the invocation context,
 * the container and the in-process invoker. Telemetry, resilience, idempotency and the state
 * stores are subpaths (`@faasade/core/telemetry`, ...) so a function pays only for what it imports.
 */
export * from './container';
export * from './context';
export * from './function';
export * from './invoke';
// The trace-header registry is here as well as in `@faasade/core/telemetry`: adapters register
// their platform's header through it without loading (or bundling) anything of telemetry.
export { registerTracePropagator, unregisterTracePropagator } from './telemetry/propagation/registry';
export type { RemoteSpanContext, TracePropagator } from './telemetry/propagation/types';

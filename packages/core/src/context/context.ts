import type { MetricsApi, PlatformInfo } from './observer';
import type { Cloud, TraceIds } from './scope';

/** A token that names a service in the container: `const Orders = token<OrderService>('Orders')`. */
export interface Token<T> {
  readonly id: symbol;
  readonly name: string;
  /** Phantom field that carries the type; never set. */
  readonly __type?: T;
}

/** The logger surface handlers see on `ctx.log`. */
export interface ContextLogger {
  trace(message: string, fields?: unknown): void;
  debug(message: string, fields?: unknown): void;
  info(message: string, fields?: unknown): void;
  warn(message: string, fields?: unknown): void;
  error(message: string, fields?: unknown): void;
  fatal(message: string, fields?: unknown): void;
  /** Adds keys to every later line of this invocation. */
  appendKeys(keys: Record<string, unknown>): void;
}

/**
 * What a handler knows about the invocation it is running, the same on every cloud.
 *
 * @example
 * ```ts
 * http({ method: 'GET', route: '/orders/:id' }, async (req, ctx) => {
 *   ctx.log.info('looking up order', { id: ctx.params.id });
 *   if (ctx.remainingTimeMs() < 100) throw new HttpError(503, 'NO_TIME', 'try again');
 *   return { id: ctx.params.id };
 * });
 * ```
 */
export interface InvocationContext {
  readonly invocationId: string;
  readonly functionName: string;
  readonly service: string;
  readonly cloud: Cloud;
  /** True for the first invocation of an instance (never for a provisioned or pre-warmed one). */
  readonly coldStart: boolean;
  /** Epoch milliseconds at which the platform will stop the invocation. */
  readonly deadline: number;
  /** Milliseconds left before the deadline (never negative). */
  remainingTimeMs(): number;
  /** Aborts when the deadline is reached. Pass it to fetch and SDK calls. */
  readonly signal: AbortSignal;
  /** The invocation's logger: every line carries the invocation's ids. */
  readonly log: ContextLogger;
  /** Custom metrics (no-op unless telemetry is configured). */
  readonly metrics: MetricsApi;
  /** Route parameters of an HTTP invocation (`/orders/:id` gives `{ id }`). */
  readonly params: Readonly<Record<string, string>>;
  /** How many times this message has been delivered (1 for the first delivery). */
  readonly deliveryCount: number;
  /** The active trace, when there is one. */
  readonly trace: TraceIds | undefined;
  /** Facts about the platform (region, version, memory) where the adapter knows them. */
  readonly platform: PlatformInfo;
  /** Resolves a service from the app's container. */
  get<T>(token: Token<T>): T;
  /**
   * Reads and validates the JSON body of an HTTP request against a Standard Schema (zod,
   * valibot, arktype). Throws an `HttpError` 400/413/415 that the pipeline turns into a response.
   */
  body<T>(schema: import('@standard-schema/spec').StandardSchemaV1<unknown, T>): Promise<T>;
  /** The platform's own event and context, named `event` and `context` on every cloud. */
  readonly raw: { readonly event: unknown; readonly context: unknown };
}

import { beginInvocation } from '../context/instance';
import { currentScope } from '../context/scope';
import type { InvocationOutcome } from '../context/observer';
import { acceptsEvent, type App } from '../function/define';
import { DeadlineExceededError, HttpError, PermanentError } from '../function/errors';
import { createRequest, headerOf } from '../function/request';
import { type HttpOutput, httpOutputOf, toHttpOutput } from '../function/response';
import { acceptsMethod, matchRoute, type RouteEntry } from '../function/router';
import type {
  CloudEvent,
  EventFunction,
  FunctionDefinition,
  QueueFunction,
  QueueMessage,
  ScheduleInfo,
} from '../function/types';
import { validateMessage } from '../function/validate';
import { Logger } from '../logger';
import { errorBody, errorOutput, statusOf } from './http-errors';
import { flushObserver, runInvocation } from './run';
import type {
  HttpInput,
  InvocationMeta,
  MessageInput,
  MessageOutcome,
  RunOutcome,
  RuntimeOptions,
} from './types';

/**
 * Runs an app's functions from neutral inputs. Adapters translate their platform's events into
 * these calls and the results back; everything between (routing, context, logging, telemetry,
 * deadlines, error mapping, dead-letter decisions) happens here, once for every cloud.
 */
export class Runtime {
  readonly app: App;
  readonly options: RuntimeOptions;
  readonly log: Logger;
  private readonly routes = new Map<string, RouteEntry>();

  constructor(app: App, options: RuntimeOptions) {
    this.app = app;
    this.options = options;
    this.log = new Logger({ service: app.service });
    for (const entry of app.router().routes) this.routes.set(entry.name, entry);
    options.observer?.prepare?.(app.service);
  }

  /**
   * Serves an HTTP request. With `functionName` the request goes to that function (its route
   * gives the params, or the platform's); without it the app's router picks the function.
   */
  async http(input: HttpInput, meta: InvocationMeta = {}, functionName?: string): Promise<HttpOutput> {
    if (meta.warmup || headerOf(input.headers, 'x-faasade-warmup') !== undefined) return this.warmup();
    let entry: RouteEntry | undefined;
    let params: Record<string, string> | undefined;
    if (functionName !== undefined) {
      entry = this.routes.get(functionName);
      if (!entry) throw new TypeError(`No HTTP function named "${functionName}" in ${this.app.service}`);
      // A function deployed on its own (GCP, a Function URL) gets every method: answer 405 here.
      if (!acceptsMethod(entry, input.method)) {
        beginInvocation(meta.provisioned);
        const allow = [...entry.methods].join(', ');
        const error = new HttpError(
          405,
          'METHOD_NOT_ALLOWED',
          `${input.method} is not allowed on ${input.path}`,
          {
            headers: { allow },
          },
        );
        return errorOutput(error, meta.invocationId);
      }
      params = matchRoute(entry.route, input.path) ?? input.params ?? {};
    } else {
      const match = this.app.router().match(input.method, input.path);
      if (match.kind === 'not-found') {
        beginInvocation(meta.provisioned);
        return errorOutput(
          new HttpError(404, 'ROUTE_NOT_FOUND', `No route for ${input.method} ${input.path}`),
          meta.invocationId,
        );
      }
      if (match.kind === 'method-not-allowed') {
        beginInvocation(meta.provisioned);
        const error = new HttpError(
          405,
          'METHOD_NOT_ALLOWED',
          `${input.method} is not allowed on ${input.path}`,
          {
            headers: { allow: match.allow.join(', ') },
          },
        );
        return errorOutput(error, meta.invocationId);
      }
      entry = match.entry;
      params = match.params;
    }
    const host = input.host ?? headerOf(input.headers, 'host') ?? 'localhost';
    const scheme = input.scheme ?? 'https';
    const request = createRequest({
      method: input.method,
      url: `${scheme}://${host}${input.path}${input.query ? `?${input.query}` : ''}`,
      headers: input.headers,
      body: input.body,
    });
    const fn = entry.fn;
    let output: HttpOutput | undefined;
    const result = await runInvocation(
      this.app,
      this.options,
      this.log,
      meta,
      {
        functionName: entry.name,
        trigger: 'http',
        timeoutMs: fn.options.timeoutMs ?? this.app.defaults.timeoutMs,
        ownTimeoutMs: fn.options.timeoutMs,
        maxBodyBytes: fn.options.maxBodyBytes,
        params,
        request,
        http: {
          method: input.method,
          route: fn.options.route,
          path: input.path,
          query: input.query,
          scheme,
          host,
          userAgent: headerOf(input.headers, 'user-agent'),
          clientAddress: input.sourceIp,
        },
        carrier: meta.carrier ?? (input.headers as Record<string, string>),
      },
      (ctx): HttpOutput | Promise<HttpOutput> => {
        const value = fn.handler(request, ctx);
        if (value instanceof Promise) return value.then(toHttpOutput);
        return httpOutputOf(value) ?? toHttpOutput(value);
      },
      (r): InvocationOutcome => {
        // Only the outcome decides: a handler that settles after its deadline changes nothing.
        // A status no platform can send (99, 600, 2.5) is the handler's bug: a 500, said in the log.
        const bad =
          r.error === undefined && !validStatus(r.value?.status)
            ? new InvalidStatusError(r.value?.status)
            : undefined;
        const error = r.error ?? bad;
        output = error === undefined ? r.value : this.failure(error, r.ctx.invocationId);
        const scope = currentScope();
        if (scope?.http && output) scope.http.status = output.status;
        return {
          status: output?.status,
          error: statusOf(error) >= 500 ? error : undefined,
          timedOut: r.timedOut,
        };
      },
    );
    const out = output ?? errorOutput(result.error, result.ctx.invocationId);
    if (input.method === 'HEAD') out.body = '';
    return out;
  }

  /**
   * Flushes the telemetry of invocations run with `deferFlush` (an adapter running a batch as
   * one platform invocation), bounded like an invocation's own flush and never past `deadline`.
   * Never rejects.
   *
   * @example
   * ```ts
   * for (const record of records) await runtime.message('processOrder', toInput(record), { deadline, deferFlush: true });
   * await runtime.flush(deadline); // one export for the whole batch
   * ```
   */
  flush(deadline?: number): Promise<void> {
    return flushObserver(this.options, deadline);
  }

  /** Runs a queue function for one message and says what the platform should do with it. */
  async message(
    functionName: string,
    input: MessageInput,
    meta: InvocationMeta = {},
  ): Promise<MessageOutcome> {
    if (meta.warmup) {
      this.warmup();
      return { status: 'ok' };
    }
    const fn = this.functionOf(functionName, 'queue') as QueueFunction;
    const maxAttempts = fn.options.maxAttempts ?? this.app.defaults.maxAttempts;
    let outcome: MessageOutcome = { status: 'ok' };
    let message: QueueMessage | undefined;
    let hookCalled = false;
    const result = await runInvocation(
      this.app,
      this.options,
      this.log,
      meta,
      {
        functionName,
        trigger: 'pubsub',
        timeoutMs: fn.options.timeoutMs ?? this.app.defaults.timeoutMs,
        ownTimeoutMs: fn.options.timeoutMs,
        deliveryCount: input.deliveryCount,
        messaging: {
          system: input.system,
          destination: input.source,
          messageId: input.id,
          deliveryCount: input.deliveryCount,
        },
        carrier: input.carrier,
      },
      async (ctx) => {
        try {
          message = await toMessage(input, fn);
          await fn.handler(message, ctx);
        } catch (error) {
          outcome = classify(error, input.deliveryCount, maxAttempts);
          if (outcome.status === 'dead-letter') {
            hookCalled = true;
            await this.deadLetter(message ?? rawMessage(input), error, ctx);
          }
          throw error;
        }
      },
      (r): InvocationOutcome => {
        if (r.error === undefined) return {};
        if (outcome.status === 'ok') outcome = classify(r.error, input.deliveryCount, maxAttempts);
        const retry = outcome.status === 'retry';
        // A failed attempt shows its debug trail even though it is logged below error level.
        if (retry) this.log.flushBuffer();
        this.log[retry ? 'warn' : 'error'](
          retry ? 'message failed; it will be retried' : 'message dead-lettered',
          {
            messageId: input.id,
            deliveryCount: input.deliveryCount,
            maxAttempts,
            ...(outcome.status === 'dead-letter' ? { reason: outcome.reason } : {}),
            error: r.error,
          },
        );
        return { error: r.error, timedOut: r.timedOut };
      },
    );
    // A handler that overran its deadline never reached the catch above.
    const final = outcome as MessageOutcome;
    if (final.status === 'dead-letter' && !hookCalled) {
      await this.deadLetter(message ?? rawMessage(input), final.error, result.ctx);
    }
    return final;
  }

  /** Runs a scheduled function. */
  async schedule(functionName: string, info: ScheduleInfo, meta: InvocationMeta = {}): Promise<RunOutcome> {
    if (meta.warmup) {
      this.warmup();
      return { status: 'ok' };
    }
    const fn = this.functionOf(functionName, 'schedule');
    if (fn.kind !== 'schedule') throw new TypeError('unreachable');
    return this.runPlain(functionName, 'timer', fn.options.timeoutMs, meta, (ctx) => fn.handler(ctx, info));
  }

  /** Runs an event function for one CloudEvent. */
  async event(functionName: string, ce: CloudEvent, meta: InvocationMeta = {}): Promise<RunOutcome> {
    if (meta.warmup) {
      this.warmup();
      return { status: 'ok' };
    }
    const fn = this.functionOf(functionName, 'event') as EventFunction;
    if (!acceptsEvent(fn, ce)) {
      this.log.debug('event type not handled; ignored', { function: functionName, type: ce.type });
      return { status: 'ok' };
    }
    const carrier = {
      ...meta.carrier,
      traceparent: ce.traceparent ?? meta.carrier?.traceparent,
      tracestate: ce.tracestate,
    };
    return this.runPlain(functionName, 'pubsub', fn.options.timeoutMs, { ...meta, carrier }, (ctx) =>
      fn.handler(ce, ctx),
    );
  }

  private async runPlain(
    functionName: string,
    trigger: 'timer' | 'pubsub',
    timeoutMs: number | undefined,
    meta: InvocationMeta,
    work: Parameters<typeof runInvocation>[5],
  ): Promise<RunOutcome> {
    const r = await runInvocation(
      this.app,
      this.options,
      this.log,
      meta,
      { functionName, trigger, timeoutMs: timeoutMs ?? this.app.defaults.timeoutMs, ownTimeoutMs: timeoutMs },
      work,
      (res) => {
        if (res.error !== undefined) this.log.error(`${functionName} failed`, { error: res.error });
        return { error: res.error, timedOut: res.timedOut };
      },
    );
    return r.error === undefined ? { status: 'ok' } : { status: 'error', error: r.error };
  }

  private failure(error: unknown, invocationId: string): HttpOutput {
    const status = statusOf(error);
    if (status >= 500) {
      this.log.error(
        error instanceof DeadlineExceededError ? 'handler overran its deadline' : 'handler failed',
        { error },
      );
    } else {
      this.log.info('request rejected', { status, code: (error as HttpError).code });
    }
    return errorOutput(error, invocationId);
  }

  private async deadLetter(
    message: QueueMessage,
    error: unknown,
    ctx: Parameters<NonNullable<App['onDeadLetter']>>[2],
  ) {
    if (!this.app.onDeadLetter) return;
    try {
      await this.app.onDeadLetter(message, error, ctx);
    } catch (hookError) {
      this.log.error('onDeadLetter hook failed', { messageId: message.id, error: hookError });
    }
  }

  private functionOf(name: string, kind: FunctionDefinition['kind']): FunctionDefinition {
    const fn = this.app.functions[name];
    if (!fn || fn.kind !== kind)
      throw new TypeError(`No ${kind} function named "${name}" in ${this.app.service}`);
    return fn;
  }

  /**
   * Answers a warm-up ping: no user code runs and nothing is counted, but the instance is warm
   * afterwards (the ping paid its init). For adapters whose platform has its own warm-up trigger.
   */
  warmup(): HttpOutput {
    beginInvocation(false);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: '{"warmup":true}',
    };
  }
}

/** Creates the runtime adapters use. */
export function createRuntime(app: App, options: RuntimeOptions): Runtime {
  return new Runtime(app, options);
}

async function toMessage(input: MessageInput, fn: QueueFunction): Promise<QueueMessage> {
  let body: unknown = input.text;
  const looksJson = /^\s*[[{"]/.test(input.text) || /^\s*(-?\d|true|false|null)/.test(input.text);
  if (fn.options.schema) {
    try {
      body = JSON.parse(input.text);
    } catch {
      throw new PermanentError(`Message ${input.id} is not valid JSON`);
    }
    body = await validateMessage(fn.options.schema, body);
  } else if (looksJson) {
    try {
      body = JSON.parse(input.text);
    } catch {
      body = input.text;
    }
  }
  return new Message(input, body);
}

function validStatus(status: number | undefined): boolean {
  return status !== undefined && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** A handler answered with a status that HTTP (and every platform) refuses. */
export class InvalidStatusError extends Error {
  override readonly name = 'InvalidStatusError';
  constructor(status: unknown) {
    super(
      `The handler answered with status ${String(status)}; a response status must be a whole number from 200 to 599`,
    );
  }
}

function rawMessage(input: MessageInput): QueueMessage {
  return new Message(input, input.text);
}

function classify(error: unknown, deliveryCount: number, maxAttempts: number): MessageOutcome {
  if (error instanceof PermanentError) return { status: 'dead-letter', reason: 'invalid', error };
  if (deliveryCount >= maxAttempts) return { status: 'dead-letter', reason: 'exhausted', error };
  return { status: 'retry', error };
}

export { errorBody };

const utf8 = new TextEncoder();

/**
 * A queue message as handlers get it. `bytes` is a getter on the prototype: made on first read
 * when the platform gave text, never an own property, so a message logged or stringified does not
 * carry its body twice. A class, not `Object.defineProperty` on a literal: ~10 ns a message
 * rather than ~600.
 */
class Message implements QueueMessage {
  readonly id: string;
  readonly body: unknown;
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly deliveryCount: number;
  readonly enqueuedAt: Date | undefined;
  readonly source: string;
  #bytes: Uint8Array | undefined;

  constructor(input: MessageInput, body: unknown) {
    this.id = input.id;
    this.body = body;
    this.text = input.text;
    this.attributes = input.attributes;
    this.deliveryCount = input.deliveryCount;
    this.enqueuedAt = input.enqueuedAt;
    this.source = input.source;
    this.#bytes = input.bytes;
  }

  get bytes(): Uint8Array {
    this.#bytes ??= utf8.encode(this.text);
    return this.#bytes;
  }
}

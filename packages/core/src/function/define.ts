import type { InvocationContext } from '../context/context';
import { AppContainer, type Resolver, type ServiceBinding } from '../container';
import { compileRoute, Router } from './router';
import type {
  CloudEvent,
  EventFunction,
  EventHandler,
  EventOptions,
  FunctionDefinition,
  HttpFunction,
  HttpHandler,
  HttpOptions,
  QueueFunction,
  QueueHandler,
  QueueMessage,
  QueueOptions,
  ScheduleFunction,
  ScheduleHandler,
  ScheduleOptions,
} from './types';

/** Runs once per function instance, before its first invocation (open pools, warm caches). */
export type InitHook = (resolver: Resolver) => void | Promise<void>;

/** Called when a message is given up on: it failed validation, or ran out of attempts. */
export type DeadLetterHook = (
  message: QueueMessage,
  error: unknown,
  ctx: InvocationContext,
) => void | Promise<void>;

export interface AppDefaults {
  /** Deadline for a handler when the platform gives none (30 s). */
  timeoutMs: number;
  /** Largest JSON body `ctx.body()` accepts (1 MiB). */
  maxBodyBytes: number;
  /** Deliveries before a message is dead-lettered (5). */
  maxAttempts: number;
}

export interface AppOptions<F extends Record<string, FunctionDefinition>> {
  /** The service name every log line, span and metric carries. */
  service: string;
  functions: F;
  services?: readonly ServiceBinding<any>[];
  onInit?: InitHook | readonly InitHook[];
  onDeadLetter?: DeadLetterHook;
  defaults?: Partial<AppDefaults>;
}

/** An app: its functions, its container and its router, ready for an adapter. */
export interface App<F extends Record<string, FunctionDefinition> = Record<string, FunctionDefinition>> {
  readonly service: string;
  readonly functions: F;
  readonly container: AppContainer;
  readonly defaults: AppDefaults;
  readonly onDeadLetter: DeadLetterHook | undefined;
  /** The HTTP router over every http function, built on first use. */
  router(): Router;
  /** Runs the init hooks once per instance; later calls return the same promise. */
  init(): Promise<void>;
  /** True once the init hooks have all completed. */
  readonly initialised: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,126}$/;

/**
 * Declares an app: a service name and its functions, written once for every cloud.
 *
 * @example
 * ```ts
 * import { defineApp, http, queue, schedule } from '@faasade/core';
 * export const app = defineApp({
 *   service: 'orders',
 *   functions: {
 *     ping: http({ method: 'GET', route: '/ping' }, () => ({ ok: true })),
 *     work: queue({ queue: 'jobs', maxAttempts: 3 }, async (msg, ctx) => ctx.log.info('job', { id: msg.id })),
 *     tidy: schedule({ every: '5m' }, async (ctx) => ctx.log.info('tidying')),
 *   },
 * });
 * ```
 */
export function defineApp<F extends Record<string, FunctionDefinition>>(options: AppOptions<F>): App<F> {
  if (!options.service || typeof options.service !== 'string')
    throw new TypeError('defineApp: "service" is required');
  const seen = new Map<string, string>();
  for (const [name, fn] of Object.entries(options.functions)) {
    if (!NAME.test(name)) {
      throw new TypeError(
        `Function name "${name}" must start with a letter and use only letters, digits, "-" and "_"`,
      );
    }
    if (fn.kind === 'http') {
      const route = compileRoute(fn.options.route);
      const methods = Array.isArray(fn.options.method) ? fn.options.method : [fn.options.method];
      const shape =
        route.segments.map((s) => ('literal' in s ? s.literal : ':')).join('/') +
        (route.wildcard ? '/*' : '');
      for (const m of methods) {
        const key = `${m.toUpperCase()} ${shape}`;
        const other = seen.get(key);
        if (other)
          throw new TypeError(`Functions "${other}" and "${name}" both answer ${m} ${fn.options.route}`);
        seen.set(key, name);
      }
    }
    if (fn.kind === 'schedule') parseSchedule(fn.options, name);
  }
  const defaults: AppDefaults = {
    timeoutMs: 30_000,
    maxBodyBytes: 1024 * 1024,
    maxAttempts: 5,
    ...options.defaults,
  };
  const container = new AppContainer(options.services ?? []);
  const hooks =
    options.onInit === undefined ? [] : Array.isArray(options.onInit) ? options.onInit : [options.onInit];
  let router: Router | undefined;
  let initialised: Promise<void> | undefined;
  let done = hooks.length === 0;
  return {
    service: options.service,
    functions: options.functions,
    container,
    defaults,
    onDeadLetter: options.onDeadLetter,
    router() {
      if (!router) {
        const httpFns = Object.entries(options.functions).filter(
          (e): e is [string, HttpFunction] => e[1].kind === 'http',
        );
        router = new Router(httpFns);
      }
      return router;
    },
    get initialised() {
      return done;
    },
    init() {
      if (!initialised) {
        initialised = (async () => {
          for (const hook of hooks) await hook(container);
          done = true;
        })();
        // A failed init must be retried by the next invocation, not cached forever.
        initialised.catch(() => {
          initialised = undefined;
        });
      }
      return initialised;
    },
  };
}

/**
 * An HTTP function: a Web `Request` in, a `Response` (or a plain value) out.
 *
 * @example
 * ```ts
 * import { http, json } from '@faasade/core';
 * export const getOrder = http({ method: 'GET', route: '/orders/:id' }, (_req, ctx) => json({ id: ctx.params.id }));
 * ```
 */
export function http(options: HttpOptions, handler: HttpHandler): HttpFunction {
  compileRoute(options.route);
  return { kind: 'http', options, handler };
}

/**
 * Mounts a fetch-style handler (a Hono app's `fetch`, any `(Request) => Response`) under a prefix.
 * With `stripPrefix` the handler sees paths relative to the prefix.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { mount } from '@faasade/core';
 * const hono = new Hono().get('/hello', (c) => c.text('hi'));
 * export const api = mount('/api', (req) => hono.fetch(req), { stripPrefix: true });
 * ```
 */
export function mount(
  prefix: string,
  fetch: (req: Request, ctx: InvocationContext) => Response | Promise<Response>,
  options: { stripPrefix?: boolean } = {},
): HttpFunction {
  const base = prefix === '/' ? '' : prefix.replace(/\/+$/, '');
  return http({ method: '*', route: `${base}/*` }, (req, ctx) => {
    if (!options.stripPrefix || base === '') return fetch(req, ctx);
    const url = new URL(req.url);
    url.pathname = url.pathname.slice(base.length) || '/';
    return fetch(new Request(url, req), ctx);
  });
}

/** A queue function: one message at a time; a throw means "retry this message". */
export function queue<T = unknown>(options: QueueOptions<T>, handler: QueueHandler<T>): QueueFunction<T> {
  if (!options.queue) throw new TypeError('queue(): "queue" is required');
  if (options.maxAttempts !== undefined && !(options.maxAttempts >= 1)) {
    throw new TypeError(`queue(${options.queue}): maxAttempts must be at least 1`);
  }
  return { kind: 'queue', options, handler };
}

/** A scheduled function: `{ every: '5m' }` or `{ cron: '0 * * * *' }`. */
export function schedule(options: ScheduleOptions, handler: ScheduleHandler): ScheduleFunction {
  parseSchedule(options, 'schedule()');
  return { kind: 'schedule', options, handler };
}

/** A CloudEvents function for platform events (EventBridge, Event Grid, Eventarc). */
export function event<T = unknown>(options: EventOptions, handler: EventHandler<T>): EventFunction<T> {
  return { kind: 'event', options, handler };
}

/** True when a CloudEvent's type is one an event function handles. */
export function acceptsEvent(fn: EventFunction, ce: CloudEvent): boolean {
  const types = typeof fn.options.type === 'string' ? [fn.options.type] : fn.options.type;
  return types.includes('*') || types.includes(ce.type);
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A schedule in the forms each cloud needs. */
export interface ParsedSchedule {
  /** Five-field cron (minute hour day month weekday). */
  cron: string;
  /** Period in seconds when the schedule was given as `every`. */
  everySeconds?: number;
}

/** Validates a schedule and derives a five-field cron from `every`. */
export function parseSchedule(options: ScheduleOptions, name: string): ParsedSchedule {
  if (options.every !== undefined) {
    const m = /^(\d+)\s*([smhd])$/.exec(options.every);
    if (!m) throw new TypeError(`${name}: every "${options.every}" must look like 30s, 5m, 2h or 1d`);
    const seconds = Number(m[1]) * UNITS[m[2]];
    if (seconds < 60 || seconds % 60 !== 0) {
      throw new TypeError(
        `${name}: every "${options.every}" must be whole minutes (cloud schedulers fire at most once a minute)`,
      );
    }
    const minutes = seconds / 60;
    let cron: string;
    if (minutes < 60 && 60 % minutes === 0) cron = `*/${minutes} * * * *`;
    else if (minutes % 60 === 0 && minutes < 1440 && 24 % (minutes / 60) === 0)
      cron = `0 */${minutes / 60} * * *`;
    else if (minutes === 1440) cron = '0 0 * * *';
    else
      throw new TypeError(
        `${name}: every "${options.every}" does not divide an hour or a day; use cron instead`,
      );
    return { cron, everySeconds: seconds };
  }
  const cron = options.cron?.trim() ?? '';
  if (cron.split(/\s+/).length !== 5) {
    throw new TypeError(
      `${name}: cron "${options.cron}" must have five fields (minute hour day month weekday)`,
    );
  }
  return { cron };
}

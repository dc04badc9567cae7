import {
  type App,
  binary,
  type CloudEvent,
  defineApp,
  event,
  HttpError,
  http,
  json,
  PermanentError,
  type QueueOptions,
  queue,
  schedule,
  text,
} from '@faasade/core';

/** What the contract app's functions did, for the scenarios to check. */
export interface ContractProbe {
  /** Functions (and `work:<message id>` for messages) whose user code ran, in order. */
  readonly ran: string[];
  /** Ids of the messages the app's `onDeadLetter` hook saw, in order. */
  readonly deadLettered: string[];
  /** The CloudEvents the event function received. */
  readonly events: CloudEvent[];
  /** The trace id each message ran in, by message id. */
  readonly messageTraces: Record<string, string | null>;
  /** Each message as the queue function saw it, by message id. */
  readonly messages: Record<
    string,
    { body: unknown; text: string; attributes: Record<string, string>; deliveryCount: number }
  >;
  reset(): void;
}

/** The contract app's function names, for harness options (`deadLetterQueues`, `queues`, ...). */
export type ContractFunctionName = keyof ReturnType<typeof contractFunctions>;

type Schema<T> = NonNullable<QueueOptions<T>['schema']>;

/** A Standard Schema without a library: the suite must not depend on zod or valibot. */
function schemaOf<T>(check: (value: unknown) => { message: string; path?: string }[]): Schema<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'faasade-contract',
      validate(value: unknown) {
        const issues = check(value);
        if (issues.length === 0) return { value: value as T };
        return { issues: issues.map((i) => ({ message: i.message, path: i.path ? [i.path] : undefined })) };
      },
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An order: `sku` a non-empty string, `quantity` a whole number of at least 1. */
export const orderSchema = schemaOf<{ sku: string; quantity: number }>((value) => {
  if (!isRecord(value)) return [{ message: 'Expected an object' }];
  const issues: { message: string; path?: string }[] = [];
  if (typeof value.sku !== 'string' || value.sku === '')
    issues.push({ path: 'sku', message: 'Expected a non-empty string' });
  if (!Number.isInteger(value.quantity) || (value.quantity as number) < 1)
    issues.push({ path: 'quantity', message: 'Expected a whole number of at least 1' });
  return issues;
});

const FAILURES = ['transient', 'permanent', 'hang'] as const;

/**
 * A job: `task` a string; `fail` makes the handler throw (`transient`), give up (`permanent`) or
 * run until its deadline stops it (`hang`).
 */
export const jobSchema = schemaOf<{ task: string; fail?: (typeof FAILURES)[number] }>((value) => {
  if (!isRecord(value)) return [{ message: 'Expected an object' }];
  if (typeof value.task !== 'string') return [{ path: 'task', message: 'Expected a string' }];
  if (value.fail !== undefined && !FAILURES.includes(value.fail as (typeof FAILURES)[number]))
    return [{ path: 'fail', message: 'Expected transient, permanent or hang' }];
  return [];
});

/** Settles when the invocation's deadline aborts it (or, if a harness gives none, after 20 s). */
function untilAborted<T>(signal: AbortSignal, value: T): Promise<T> {
  return new Promise((resolve) => {
    // The fallback only keeps a harness that ignores the deadline from hanging the run.
    const fallback = setTimeout(() => resolve(value), 20_000);
    fallback.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(fallback);
      resolve(value);
    });
  });
}

/** The largest JSON body the contract app's `ctx.body()` accepts. */
export const CONTRACT_MAX_BODY_BYTES = 4096;
/** Deliveries before the contract app's queue function gives a message up. */
export const CONTRACT_MAX_ATTEMPTS = 3;
/** The CloudEvent type the contract app's event function handles. */
export const CONTRACT_EVENT_TYPE = 'dev.faasade.contract.thing';

/** Bytes 0..255: every byte value, which no text encoding survives by accident. */
export const ALL_BYTES: Uint8Array<ArrayBuffer> = Uint8Array.from({ length: 256 }, (_, i) => i);
/** The first bytes of a PNG file: binary by content type as well as by content. */
export const PNG_BYTES: Uint8Array<ArrayBuffer> = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe,
]);
/** Text outside Latin-1, with a character outside the Basic Multilingual Plane. */
export const UNICODE_TEXT = 'héllo wörld — 日本語 ✓ 🎉 Ωμέγα';

/** The cookies `/cookies` sets: several `Set-Cookie` headers, one with a comma in its date. */
export const CONTRACT_COOKIES: readonly string[] = [
  'session=abc123; Path=/; HttpOnly; Secure; SameSite=Lax',
  'theme=dark; Max-Age=3600; Path=/',
  'seen=yes; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/',
  'greeting=hello%20world; Path=/',
];

/** The contract app's functions, wired to a probe. */
export function contractFunctions(probe: ContractProbe) {
  return {
    status: http({ method: 'GET', route: '/status/:code' }, (_req, ctx) => {
      const code = Number(ctx.params.code);
      if (code === 204) return undefined;
      const headers: Record<string, string> = code >= 300 && code < 400 ? { location: '/status/200' } : {};
      return text(`status ${code}`, { status: code, headers });
    }),
    echo: http({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], route: '/echo' }, async (req) => {
      const bytes = new Uint8Array(await req.arrayBuffer());
      const url = new URL(req.url);
      return json({
        method: req.method,
        url: req.url,
        contentType: req.headers.get('content-type'),
        bytes: bytes.byteLength,
        base64: Buffer.from(bytes).toString('base64'),
        text: new TextDecoder().decode(bytes),
        query: [...url.searchParams],
      });
    }),
    headers: http({ method: 'GET', route: '/headers' }, (req) =>
      json(
        {
          one: req.headers.get('x-one'),
          repeated: req.headers.get('x-repeat'),
          mixedCase: req.headers.get('x-mixed-case'),
          empty: req.headers.get('x-empty'),
        },
        {
          headers: [
            ['x-single', 'one'],
            ['x-multi', 'a'],
            ['x-multi', 'b'],
            ['cache-control', 'no-store'],
            ['X-Mixed-Case-Out', 'Value'],
          ],
        },
      ),
    ),
    cookies: http({ method: 'GET', route: '/cookies' }, (req) =>
      json(
        { cookie: req.headers.get('cookie') },
        { headers: CONTRACT_COOKIES.map((c): [string, string] => ['set-cookie', c]) },
      ),
    ),
    body: http({ method: 'GET', route: '/body/:kind' }, (_req, ctx) => {
      switch (ctx.params.kind) {
        case 'json':
          return json({ ok: true, n: 1.5, list: [1, 'two', null], nested: { a: { b: 'c' } } });
        case 'text':
          return text('plain text\nsecond line\n');
        case 'binary':
          return binary(ALL_BYTES);
        case 'png':
          return binary(PNG_BYTES, { headers: { 'content-type': 'image/png' } });
        case 'unicode-json':
          return json({ text: UNICODE_TEXT });
        case 'unicode-text':
          return text(UNICODE_TEXT);
        default:
          throw new HttpError(404, 'NO_SUCH_BODY', `no body kind ${ctx.params.kind}`);
      }
    }),
    item: http({ method: 'GET', route: '/items/:id/parts/:part' }, (_req, ctx) => ({ params: ctx.params })),
    orders: http({ method: 'POST', route: '/orders' }, async (_req, ctx) => {
      const order = await ctx.body(orderSchema);
      return json({ created: order }, { status: 201 });
    }),
    boom: http({ method: 'GET', route: '/boom' }, () => {
      throw new Error('connection to db-primary.internal failed: password hunter2 rejected');
    }),
    teapot: http({ method: 'GET', route: '/teapot' }, () => {
      throw new HttpError(418, 'I_AM_A_TEAPOT', 'Short and stout', { headers: { 'Retry-After': '120' } });
    }),
    slow: http({ method: 'GET', route: '/slow' }, (_req, ctx) => untilAborted(ctx.signal, { late: true })),
    trace: http({ method: 'GET', route: '/trace' }, (_req, ctx) => ({ trace: ctx.trace ?? null })),
    log: http({ method: 'GET', route: '/log' }, (_req, ctx) => {
      ctx.log.info('contract info line', { marker: 'contract' });
      ctx.log.warn('contract warn line', { marker: 'contract' });
      ctx.log.error('contract error line', { marker: 'contract' });
      return { invocationId: ctx.invocationId };
    }),
    instance: http({ method: 'GET', route: '/instance' }, (_req, ctx) => {
      probe.ran.push('instance');
      ctx.log.info('contract instance probe');
      return { coldStart: ctx.coldStart };
    }),
    work: queue(
      { queue: 'contract-work', maxAttempts: CONTRACT_MAX_ATTEMPTS, schema: jobSchema },
      (message, ctx) => {
        probe.ran.push(`work:${message.id}`);
        probe.messageTraces[message.id] = ctx.trace?.traceId ?? null;
        probe.messages[message.id] = {
          body: message.body,
          text: message.text,
          attributes: { ...message.attributes },
          deliveryCount: message.deliveryCount,
        };
        if (message.body.fail === 'transient') throw new Error(`job ${message.body.task} failed for now`);
        if (message.body.fail === 'permanent')
          throw new PermanentError(`job ${message.body.task} can never run`);
        if (message.body.fail === 'hang') return untilAborted(ctx.signal, undefined);
      },
    ),
    tick: schedule({ every: '5m' }, () => {
      probe.ran.push('tick');
    }),
    tickFails: schedule({ cron: '0 * * * *' }, () => {
      probe.ran.push('tickFails');
      throw new Error('the scheduled job failed');
    }),
    thing: event({ type: CONTRACT_EVENT_TYPE }, (ce) => {
      probe.ran.push('thing');
      probe.events.push(ce);
      if ((ce.data as { fail?: boolean } | undefined)?.fail)
        throw new Error('the event could not be handled');
    }),
  };
}

/**
 * The one app every contract scenario runs against, with a probe that records what its
 * functions did. Each call makes a new app and probe.
 *
 * @example
 * ```ts
 * import { contractApp } from '@faasade/testing/contract';
 * import { localHarness } from '@faasade/testing/local';
 * const { app, probe } = contractApp();
 * const res = await localHarness(app).http(new Request('http://localhost/status/201'));
 * console.log(res.status, probe.ran); // 201 []
 * ```
 */
export function contractApp(): { app: App<ReturnType<typeof contractFunctions>>; probe: ContractProbe } {
  const probe: ContractProbe = {
    ran: [],
    deadLettered: [],
    events: [],
    messageTraces: {},
    messages: {},
    reset() {
      this.ran.length = 0;
      this.deadLettered.length = 0;
      this.events.length = 0;
      for (const id of Object.keys(this.messageTraces)) delete this.messageTraces[id];
      for (const id of Object.keys(this.messages)) delete this.messages[id];
    },
  };
  const app = defineApp({
    service: 'contract',
    functions: contractFunctions(probe),
    defaults: { maxBodyBytes: CONTRACT_MAX_BODY_BYTES, maxAttempts: CONTRACT_MAX_ATTEMPTS },
    onDeadLetter: (message) => {
      probe.deadLettered.push(message.id);
    },
  });
  return { app, probe };
}

import { randomUUID } from 'node:crypto';
import {
  type App,
  type CloudEvent,
  type HttpInput,
  type InvocationMeta,
  type InvocationObserver,
  type LogSink,
  type MessageOutcome,
  resetInstance,
  Runtime,
  WARMUP_HEADER,
} from '@faasade/core';
import { jsonFormatter, type LogFormatter } from '@faasade/core/logger';
import { toResponse } from '@faasade/core/invoke';
import type {
  Harness,
  HarnessHttpOptions,
  HarnessLogLine,
  HarnessMessage,
  QueueBatchResult,
} from '../harness';

export interface LocalHarnessOptions {
  /** Telemetry (`createTelemetry()` from `@faasade/core/telemetry`). */
  observer?: InvocationObserver;
  /** The deadline each invocation gets when a call names none (default 30 s). */
  timeoutMs?: number;
  /** The log line shape (default JSON, whatever `FAASADE_LOG_FORMAT` says). */
  logFormatter?: LogFormatter;
}

/**
 * Invokes an app in-process through the core's `Runtime`, with no cloud in between (cloud
 * `local`): the reference the cloud harnesses are compared with. HTTP requests go through
 * `Runtime.http` (a `traceparent` header continues the trace); each queue message goes through
 * `Runtime.message` and its outcome decides its fate (`retry` is retried, `dead-letter` is
 * dead-lettered); a message whose group already failed in the batch is retried without running,
 * as an ordered queue would; warm-ups use the `x-faasade-warmup` header (HTTP) or the
 * invocation's `warmup` flag. Log lines are captured through each invocation's log sink, so
 * several local harnesses can live side by side.
 *
 * @example
 * ```ts
 * import { defineApp, http } from '@faasade/core';
 * import { localHarness } from '@faasade/testing/local';
 * const app = defineApp({ service: 'demo', functions: { hi: http({ method: 'GET', route: '/hi' }, () => ({ hi: true })) } });
 * const local = localHarness(app);
 * const res = await local.http(new Request('http://localhost/hi'));
 * console.log(res.status, await res.json(), local.logs().length); // 200 { hi: true } 0
 * await local.close();
 * ```
 */
export function localHarness(app: App, options: LocalHarnessOptions = {}): Harness {
  return new LocalHarness(app, options);
}

class LocalHarness implements Harness {
  readonly cloud = 'local' as const;
  private readonly app: App;
  private readonly runtime: Runtime;
  private readonly timeoutMs: number;
  private readonly lines: string[] = [];
  private readonly sink: LogSink = { write: (line) => this.lines.push(line) };
  private closed = false;

  constructor(app: App, options: LocalHarnessOptions) {
    this.app = app;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.runtime = new Runtime(app, {
      cloud: 'local',
      observer: options.observer,
      logFormatter: options.logFormatter ?? jsonFormatter,
    });
  }

  async http(request: Request, options: HarnessHttpOptions = {}): Promise<Response> {
    this.open();
    if (options.functionName !== undefined) this.functionOf(options.functionName, 'http');
    const input = await httpInput(request);
    const output = await this.runtime.http(
      input,
      this.meta(options.timeoutMs, { event: request, context: undefined }),
      options.functionName,
    );
    return toResponse(output);
  }

  async queue(
    functionName: string,
    messages: HarnessMessage[],
    options: { timeoutMs?: number } = {},
  ): Promise<QueueBatchResult> {
    this.open();
    const fn = this.functionOf(functionName, 'queue');
    const source = fn.kind === 'queue' ? fn.options.queue : functionName;
    const result: QueueBatchResult = { succeeded: [], retried: [], deadLettered: [] };
    const blocked = new Set<string>();
    for (const m of messages) {
      if (m.group !== undefined && blocked.has(m.group)) {
        result.retried.push(m.id);
        continue;
      }
      const attributes = m.attributes ?? {};
      const outcome: MessageOutcome = await this.runtime.message(
        functionName,
        {
          id: m.id,
          text: typeof m.body === 'string' ? m.body : JSON.stringify(m.body),
          attributes,
          deliveryCount: m.deliveryCount ?? 1,
          enqueuedAt: new Date(),
          source,
          carrier: attributes,
          system: 'local',
        },
        this.meta(options.timeoutMs, { event: m, context: undefined }),
      );
      if (outcome.status === 'ok') result.succeeded.push(m.id);
      else if (outcome.status === 'retry') result.retried.push(m.id);
      else result.deadLettered.push(m.id);
      // The rest of an ordered group waits for a message that is still on the queue.
      if (m.group !== undefined && (outcome.status === 'retry' || isExhausted(outcome))) blocked.add(m.group);
    }
    return result;
  }

  async schedule(functionName: string): Promise<{ ok: boolean }> {
    this.open();
    this.functionOf(functionName, 'schedule');
    const outcome = await this.runtime.schedule(
      functionName,
      { scheduledTime: new Date(), pastDue: false },
      this.meta(undefined, { event: undefined, context: undefined }),
    );
    return { ok: outcome.status === 'ok' };
  }

  async event(functionName: string, event: CloudEvent): Promise<{ ok: boolean }> {
    this.open();
    this.functionOf(functionName, 'event');
    const outcome = await this.runtime.event(
      functionName,
      event,
      this.meta(undefined, { event, context: undefined }),
    );
    return { ok: outcome.status === 'ok' };
  }

  async warmup(functionName: string): Promise<void> {
    this.open();
    const fn = this.functionOf(functionName);
    const meta: InvocationMeta = { ...this.meta(undefined, { event: undefined, context: undefined }) };
    if (fn.kind === 'http') {
      const input: HttpInput = { method: 'GET', path: '/', query: '', headers: { [WARMUP_HEADER]: '1' } };
      await this.runtime.http(input, meta, functionName);
      return;
    }
    meta.warmup = true;
    if (fn.kind === 'queue') {
      const input = { id: randomUUID(), text: '', attributes: {}, deliveryCount: 1, source: 'local' };
      await this.runtime.message(functionName, input, meta);
    } else if (fn.kind === 'schedule') {
      await this.runtime.schedule(functionName, { scheduledTime: new Date(), pastDue: false }, meta);
    } else {
      const ping: CloudEvent = { specversion: '1.0', id: randomUUID(), source: 'local', type: 'warmup' };
      await this.runtime.event(functionName, ping, meta);
    }
  }

  logs(): HarnessLogLine[] {
    return this.lines.map(parseLine);
  }

  clearLogs(): void {
    this.lines.length = 0;
  }

  newInstance(): void {
    resetInstance();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private meta(timeoutMs: number | undefined, raw: InvocationMeta['raw']): InvocationMeta {
    return {
      invocationId: randomUUID(),
      deadline: Date.now() + (timeoutMs ?? this.timeoutMs),
      raw,
      logSink: this.sink,
    };
  }

  private functionOf(name: string, kind?: 'http' | 'queue' | 'schedule' | 'event') {
    const fn = this.app.functions[name];
    if (!fn || (kind !== undefined && fn.kind !== kind)) {
      throw new TypeError(
        `${this.app.service} has no ${kind ?? ''}${kind ? ' ' : ''}function named "${name}"`,
      );
    }
    return fn;
  }

  private open(): void {
    if (this.closed) throw new Error('this local harness is closed');
  }
}

function isExhausted(outcome: MessageOutcome): boolean {
  return outcome.status === 'dead-letter' && outcome.reason === 'exhausted';
}

/** A Web `Request` as the runtime takes it: lowercase names, repeated headers joined, the raw query. */
async function httpInput(request: Request): Promise<HttpInput> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    headers,
    body: body === undefined || body.byteLength === 0 ? undefined : body,
    scheme: url.protocol.slice(0, -1),
    host: url.host,
  };
}

function parseLine(raw: string): HarnessLogLine {
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    if (parsed !== null && typeof parsed === 'object') {
      const { level, message, ...fields } = parsed;
      return { level: String(level), message: String(message), fields, raw };
    }
  } catch {
    // A line in another format (a pretty formatter): kept as it is.
  }
  return { level: 'info', message: raw, fields: {}, raw };
}

import { request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, type CloudEvent, type LogLevel, resetInstance, WARMUP_HEADER } from '@faasade/core';
import { setDefaultLogFormatter, setDefaultLogSink } from '@faasade/core/logger';
import {
  type GcpCloudEvent,
  type GcpFunctionsOptions,
  type GcpTarget,
  registerGcpFunctions,
  SEVERITY,
} from '@faasade/gcp-functions';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type {
  Harness,
  HarnessHttpOptions,
  HarnessLogLine,
  HarnessMessage,
  QueueBatchResult,
} from '../harness';
import {
  type CloudEventMode,
  cloudEventRequest,
  cloudSchedulerEvent,
  cloudSchedulerRequest,
  pubsubCloudEvent,
} from './events';

/** Options of {@link gcpHarness}: how the app is registered (`router` defaults to `faasadeRouter`). */
export type GcpHarnessOptions = GcpFunctionsOptions;

const LEVELS: Readonly<Record<string, LogLevel>> = Object.fromEntries(
  Object.entries(SEVERITY).map(([level, severity]) => [severity, level as LogLevel]),
);

/**
 * Runs an app the way Google Cloud Functions does: registered with functions-framework by
 * `registerGcpFunctions`, served by functions-framework's own server (`getTestServer`), reached
 * over HTTP on loopback. HTTP goes through the router target unless a function is named; each
 * queue message is posted as its own Pub/Sub CloudEvent (binary and structured mode in turn),
 * and read back as Pub/Sub would: a 5xx is a redelivery, or a dead letter once the delivery
 * attempt reached the function's `maxAttempts` (the subscription's max delivery attempts are
 * assumed equal), and an acknowledged message that failed validation is dead-lettered. Log
 * lines are captured through the logger's process default sink, so run one harness at a time.
 *
 * @example
 * ```ts
 * import { gcpHarness } from '@faasade/testing/gcp';
 * import { app } from '../src/app';
 * const gcp = gcpHarness(app);
 * const res = await gcp.http(new Request('http://localhost/inventory/apple'));
 * console.log(res.status, gcp.logs().map((l) => l.message));
 * await gcp.close();
 * ```
 */
export function gcpHarness(app: App, options: GcpHarnessOptions = {}): Harness {
  return new GcpHarness(app, options);
}

class GcpHarness implements Harness {
  readonly cloud = 'gcp' as const;
  private readonly app: App;
  private readonly options: GcpFunctionsOptions & { router: string };
  private readonly targets = new Map<string, GcpTarget>();
  private readonly servers = new Map<string, Server>();
  private readonly urls = new Map<string, Promise<string>>();
  private lines: HarnessLogLine[] = [];

  constructor(app: App, options: GcpHarnessOptions) {
    this.app = app;
    this.options = { ...options, router: options.router ?? 'faasadeRouter' };
    setDefaultLogSink({ write: (line) => this.capture(line) });
    // functions-framework keeps one global registry; a server captures the function when it is
    // made, so each is made right after registering and later registrations can not change it.
    for (const target of registerGcpFunctions(app, this.options)) {
      this.targets.set(target.target, target);
      this.servers.set(target.target, getTestServer(target.target));
    }
  }

  async http(request: Request, options: HarnessHttpOptions = {}): Promise<Response> {
    const target = options.functionName ?? this.options.router;
    const url = new URL(request.url);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const base = new URL(await this.url(target, options.timeoutMs));
    // fetch would replace Host with the loopback address: send it as the caller did, with the
    // scheme in X-Forwarded-Proto, as Google's front end does.
    const headers: Record<string, string | string[]> = {};
    request.headers.forEach((value, name) => {
      headers[name] = name === 'set-cookie' ? request.headers.getSetCookie() : value;
    });
    headers.host = url.host;
    headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
    const body = hasBody ? Buffer.from(await request.arrayBuffer()) : undefined;
    return forward(
      base,
      `${base.pathname}${url.pathname.slice(1)}${url.search}`,
      request.method,
      headers,
      body,
    );
  }

  async queue(
    functionName: string,
    messages: HarnessMessage[],
    options: { timeoutMs?: number } = {},
  ): Promise<QueueBatchResult> {
    const fn = this.app.functions[functionName];
    if (fn?.kind !== 'queue')
      throw new TypeError(`${functionName} is not a queue function of ${this.app.service}`);
    const maxAttempts = fn.options.maxAttempts ?? this.app.defaults.maxAttempts;
    const result: QueueBatchResult = { succeeded: [], retried: [], deadLettered: [] };
    // With ordering keys, Pub/Sub holds back the rest of a key until its failed message succeeds.
    const blocked = new Set<string>();
    for (const [i, m] of messages.entries()) {
      const attempt = m.deliveryCount ?? 1;
      if (m.group !== undefined && blocked.has(m.group)) {
        result.retried.push(m.id);
        continue;
      }
      const ce = pubsubCloudEvent({
        data: m.body,
        attributes: m.attributes,
        deliveryAttempt: attempt,
        messageId: m.id,
        orderingKey: m.group,
      });
      const res = await this.post(functionName, ce, i % 2 === 0 ? 'binary' : 'structured', options.timeoutMs);
      const body = await res.text();
      if (res.status >= 500) {
        (attempt >= maxAttempts ? result.deadLettered : result.retried).push(m.id);
        if (m.group !== undefined && attempt < maxAttempts) blocked.add(m.group);
      } else if (res.ok)
        (body.includes('"deadLettered"') ? result.deadLettered : result.succeeded).push(m.id);
      else throw new Error(`functions-framework answered ${res.status} to message ${m.id}: ${body}`);
    }
    return result;
  }

  async schedule(functionName: string): Promise<{ ok: boolean }> {
    const target = this.target(functionName, 'schedule');
    if (target.signature === 'http') {
      return {
        ok: (await fetch(cloudSchedulerRequest(await this.url(functionName), { jobName: functionName }))).ok,
      };
    }
    return {
      ok: (await this.post(functionName, cloudSchedulerEvent({ jobName: functionName }), 'binary')).ok,
    };
  }

  async event(functionName: string, event: CloudEvent): Promise<{ ok: boolean }> {
    this.target(functionName, 'event');
    return { ok: (await this.post(functionName, event, 'structured')).ok };
  }

  async warmup(functionName: string): Promise<void> {
    const target = this.target(functionName);
    const ping = { faasadeWarmup: true };
    let res: Response;
    if (target.signature === 'http') {
      res = await fetch(await this.url(functionName), { headers: { [WARMUP_HEADER]: '1' } });
    } else if (target.kind === 'event') {
      res = await this.post(
        functionName,
        { specversion: '1.0', id: 'warmup', source: 'faasade', type: 'faasade.warmup', data: ping },
        'structured',
      );
    } else {
      res = await this.post(functionName, pubsubCloudEvent({ data: ping }), 'binary');
    }
    if (!res.ok) throw new Error(`warm-up of ${functionName} answered ${res.status}`);
  }

  logs(): HarnessLogLine[] {
    return [...this.lines];
  }

  clearLogs(): void {
    this.lines = [];
  }

  newInstance(): void {
    resetInstance();
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map(stop));
    setDefaultLogSink(undefined);
    setDefaultLogFormatter(undefined);
  }

  private target(name: string, kind?: GcpTarget['kind']): GcpTarget {
    const target = this.targets.get(name);
    if (!target || (kind !== undefined && target.kind !== kind)) {
      throw new TypeError(
        `${name} is not a${kind ? ` ${kind}` : ''} function registered for ${this.app.service}`,
      );
    }
    return target;
  }

  private async post(
    target: string,
    ce: GcpCloudEvent,
    mode: CloudEventMode,
    timeoutMs?: number,
  ): Promise<Response> {
    return fetch(cloudEventRequest(await this.url(target, timeoutMs), ce, mode));
  }

  /**
   * The base URL of a target's server. A call with its own timeout gets a server of its own,
   * registered with that timeout as the function's deadline (closed by `close()`).
   */
  private url(target: string, timeoutMs?: number): Promise<string> {
    this.target(target);
    if (timeoutMs !== undefined) {
      registerGcpFunctions(this.app, { ...this.options, timeoutMs });
      const server = getTestServer(target);
      this.servers.set(`${target}#${this.servers.size}`, server);
      return listen(server);
    }
    let url = this.urls.get(target);
    if (!url) this.urls.set(target, (url = listen(this.servers.get(target)!)));
    return url;
  }

  private capture(line: string): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.lines.push({ level: 'info', message: line, fields: {}, raw: line });
      return;
    }
    const { severity, message, ...fields } = parsed;
    this.lines.push({
      level: LEVELS[String(severity)] ?? 'info',
      message: String(message ?? ''),
      fields,
      raw: line,
    });
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    );
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** One HTTP request over node:http, so that Host is sent as given. */
function forward(
  base: URL,
  path: string,
  method: string,
  headers: Record<string, string | string[]>,
  body: Buffer | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
          }
          const status = res.statusCode ?? 500;
          const nullBody = status === 204 || status === 304 || method === 'HEAD';
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: out }));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

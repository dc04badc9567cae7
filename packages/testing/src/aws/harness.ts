import {
  type LambdaContext,
  type LambdaHttpResult,
  type SqsBatchResponse,
  type SqsSender,
  toLambda,
} from '@faasade/aws-lambda';
import {
  type App,
  type CloudEvent,
  type InvocationObserver,
  type QueueFunction,
  resetInstance,
} from '@faasade/core';
import { defaultLogSink, type LogSink, setDefaultLogSink, stdoutSink } from '@faasade/core/logger';
import type {
  Harness,
  HarnessHttpOptions,
  HarnessLogLine,
  HarnessMessage,
  QueueBatchResult,
} from '../harness';
import { lambdaContext } from './context';
import { eventBridgeEvent, scheduledEvent } from './eventbridge-events';
import { albEvent, apiGatewayV1Event, apiGatewayV2Event } from './http-events';
import { lambdaResultToResponse } from './http-result';
import { type LocalSqs, startLocalSqs } from './local-sqs';
import { sqsEvent } from './sqs-event';

/** Which HTTP trigger the harness sends requests through. */
export type AwsHttpMode = 'v2' | 'function-url' | 'v1' | 'alb' | 'alb-multi';

export interface AwsHarnessOptions {
  /** HTTP API 2.0 (default), Function URL, REST API, ALB in single- or multi-value headers mode. */
  mode?: AwsHttpMode;
  observer?: InvocationObserver;
  /** The function timeout each invocation gets when a call names none (default 30 s). */
  timeoutMs?: number;
}

interface Setup {
  handlers: Record<string, (event: unknown, context: LambdaContext) => Promise<unknown>>;
  sqs: LocalSqs | undefined;
}

const WARMUP_EVENT = { source: 'serverless-plugin-warmup' };

/**
 * Invokes an app the way AWS Lambda would: requests through the chosen HTTP trigger's event
 * shape and back to a `Response`; queue batches as SQS events whose `batchItemFailures` decide
 * each message's fate (a failure on its `maxAttempts`-th receive is dead-lettered, as a redrive
 * policy with that `maxReceiveCount` does; an invalid message goes to a dead-letter queue on a
 * local SQS endpoint); schedules and events as EventBridge events; warm-ups as
 * `serverless-plugin-warmup` pings. Log lines are captured from the logger's default sink (the
 * one that writes Lambda's stdout) until `close()`; the harness created last captures them.
 *
 * @example
 * ```ts
 * import { defineApp, http } from '@faasade/core';
 * import { awsHarness } from '@faasade/testing/aws';
 * const app = defineApp({ service: 'demo', functions: { hi: http({ method: 'GET', route: '/hi' }, () => ({ hi: true })) } });
 * const aws = awsHarness(app, { mode: 'alb-multi' });
 * const res = await aws.http(new Request('https://demo.example.com/hi'));
 * console.log(res.status, await res.json()); // 200 { hi: true }
 * await aws.close();
 * ```
 */
export function awsHarness(app: App, options: AwsHarnessOptions = {}): Harness {
  return new AwsHarness(app, options);
}

class AwsHarness implements Harness {
  readonly cloud = 'aws' as const;
  private readonly app: App;
  private readonly mode: AwsHttpMode;
  private readonly timeoutMs: number;
  private readonly lines: string[] = [];
  private readonly sink: LogSink = { write: (line) => this.lines.push(line) };
  private readonly previousSink: LogSink;
  private readonly setup: Promise<Setup>;

  constructor(app: App, options: AwsHarnessOptions) {
    this.app = app;
    this.mode = options.mode ?? 'v2';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.previousSink = defaultLogSink();
    setDefaultLogSink(this.sink);
    this.setup = this.start(options.observer);
  }

  private async start(observer: InvocationObserver | undefined): Promise<Setup> {
    const queues = Object.keys(this.app.functions).filter(
      (name) => this.app.functions[name].kind === 'queue',
    );
    if (queues.length === 0) {
      return { handlers: toLambda(this.app, { observer }) as unknown as Setup['handlers'], sqs: undefined };
    }
    const sqs = await startLocalSqs();
    const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
    const sqsClient: SqsSender = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const deadLetterQueues = Object.fromEntries(queues.map((name) => [name, sqs.queueUrl(`${name}-dlq`)]));
    return {
      handlers: toLambda(this.app, { observer, deadLetterQueues, sqsClient }) as unknown as Setup['handlers'],
      sqs,
    };
  }

  private handler(setup: Setup, name: string) {
    const handler = setup.handlers[name];
    if (!handler) throw new TypeError(`${this.app.service} has no function named "${name}"`);
    return handler;
  }

  private context(timeoutMs?: number, functionName?: string) {
    return lambdaContext({
      timeoutMs: timeoutMs ?? this.timeoutMs,
      functionName: `${this.app.service}-${functionName ?? 'router'}`,
    });
  }

  private httpEvent(request: Request) {
    switch (this.mode) {
      case 'v1':
        return apiGatewayV1Event(request);
      case 'alb':
      case 'alb-multi':
        return albEvent(request, { multiValue: this.mode === 'alb-multi' });
      default:
        return apiGatewayV2Event(request, { functionUrl: this.mode === 'function-url' });
    }
  }

  async http(request: Request, options: HarnessHttpOptions = {}): Promise<Response> {
    const setup = await this.setup;
    const handler = this.handler(setup, options.functionName ?? 'router');
    const event = await this.httpEvent(request);
    const result = await handler(event, this.context(options.timeoutMs, options.functionName));
    return lambdaResultToResponse(result as LambdaHttpResult);
  }

  async queue(
    functionName: string,
    messages: HarnessMessage[],
    options: { timeoutMs?: number } = {},
  ): Promise<QueueBatchResult> {
    const setup = await this.setup;
    const fn = this.app.functions[functionName] as QueueFunction | undefined;
    if (fn?.kind !== 'queue') {
      throw new TypeError(`${this.app.service} has no queue function named "${functionName}"`);
    }
    const fifo = messages.some((m) => m.group !== undefined);
    const event = sqsEvent(messages, { queue: `${fn.options.queue}${fifo ? '.fifo' : ''}` });
    const dlq = `${functionName}-dlq`;
    const before = setup.sqs?.messages(dlq).length ?? 0;
    let failed: Set<string>;
    try {
      const handler = this.handler(setup, functionName);
      const response = (await handler(
        event,
        this.context(options.timeoutMs, functionName),
      )) as SqsBatchResponse;
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(messages.map((m) => m.id)); // a failed invocation returns the whole batch
    }
    const sent = new Set(
      setup.sqs
        ?.messages(dlq)
        .slice(before)
        .map((m) => m.attributes['faasade-message-id']),
    );
    const maxAttempts = fn.options.maxAttempts ?? this.app.defaults.maxAttempts;
    const result: QueueBatchResult = { succeeded: [], retried: [], deadLettered: [] };
    for (const m of messages) {
      let fate: string[];
      if (failed.has(m.id))
        fate = (m.deliveryCount ?? 1) >= maxAttempts ? result.deadLettered : result.retried;
      else fate = sent.has(m.id) ? result.deadLettered : result.succeeded;
      fate.push(m.id);
    }
    return result;
  }

  async schedule(functionName: string): Promise<{ ok: boolean }> {
    return this.invoke(functionName, scheduledEvent({ name: functionName }));
  }

  async event(functionName: string, event: CloudEvent): Promise<{ ok: boolean }> {
    return this.invoke(functionName, eventBridgeEvent(event));
  }

  async warmup(functionName: string): Promise<void> {
    await this.invoke(functionName, WARMUP_EVENT);
  }

  private async invoke(functionName: string, event: unknown): Promise<{ ok: boolean }> {
    const setup = await this.setup;
    try {
      await this.handler(setup, functionName)(event, this.context(undefined, functionName));
      return { ok: true };
    } catch {
      return { ok: false };
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
    // Harnesses closed in the reverse order of their creation hand the sink back in turn.
    if (defaultLogSink() === this.sink) {
      setDefaultLogSink(this.previousSink === stdoutSink ? undefined : this.previousSink);
    }
    const setup = await this.setup;
    await setup.sqs?.close();
  }
}

function parseLine(raw: string): HarnessLogLine {
  try {
    const { level, message, ...fields } = JSON.parse(raw) as Record<string, unknown>;
    return { level: String(level), message: String(message), fields, raw };
  } catch {
    return { level: 'info', message: raw, fields: {}, raw };
  }
}

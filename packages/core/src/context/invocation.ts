import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { AppContainer } from '../container';
import { HttpError } from '../function/errors';
import { readJsonBody } from '../function/validate';
import type { ContextLogger, InvocationContext, Token } from './context';
import type { MetricInstrument, MetricsApi, PlatformInfo } from './observer';
import type { Cloud, InvocationScope, TraceIds } from './scope';

const noopInstrument: MetricInstrument = { record() {} };
/** Custom metrics that go nowhere: what `ctx.metrics` is when no telemetry is configured. */
export const noopMetrics: MetricsApi = {
  counter: () => noopInstrument,
  upDownCounter: () => noopInstrument,
  histogram: () => noopInstrument,
  gauge: () => noopInstrument,
};

export interface InvocationFields {
  invocationId: string;
  functionName: string;
  service: string;
  cloud: Cloud;
  coldStart: boolean;
  deadline: number;
  cutoff: number;
  startTime: number;
  log: ContextLogger;
  metrics: MetricsApi;
  params: Record<string, string>;
  deliveryCount: number;
  platform: PlatformInfo;
  container: AppContainer;
  raw: { event: unknown; context: unknown };
  request: Request | undefined;
  maxBodyBytes: number;
  scope: InvocationScope;
}

/**
 * The one implementation of {@link InvocationContext}. The AbortSignal is created only when a
 * handler asks for it; the pipeline aborts it at the deadline.
 */
export class Invocation implements InvocationContext {
  readonly invocationId: string;
  readonly functionName: string;
  readonly service: string;
  readonly cloud: Cloud;
  readonly coldStart: boolean;
  readonly deadline: number;
  /** Epoch ms at which the invocation started. */
  readonly startTime: number;
  /** Epoch ms at which the pipeline stops waiting: the deadline less a margin to answer and flush. */
  readonly cutoff: number;
  readonly log: ContextLogger;
  readonly metrics: MetricsApi;
  readonly params: Readonly<Record<string, string>>;
  readonly deliveryCount: number;
  readonly platform: PlatformInfo;
  readonly raw: { readonly event: unknown; readonly context: unknown };
  private readonly container: AppContainer;
  private readonly request: Request | undefined;
  private readonly maxBodyBytes: number;
  private readonly scope: InvocationScope;
  private controller: AbortController | undefined;
  private abortReason: unknown;

  constructor(f: InvocationFields) {
    this.invocationId = f.invocationId;
    this.functionName = f.functionName;
    this.service = f.service;
    this.cloud = f.cloud;
    this.coldStart = f.coldStart;
    this.deadline = f.deadline;
    this.startTime = f.startTime;
    this.cutoff = f.cutoff;
    this.log = f.log;
    this.metrics = f.metrics;
    this.params = f.params;
    this.deliveryCount = f.deliveryCount;
    this.platform = f.platform;
    this.raw = f.raw;
    this.container = f.container;
    this.request = f.request;
    this.maxBodyBytes = f.maxBodyBytes;
    this.scope = f.scope;
  }

  remainingTimeMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason !== undefined) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get trace(): TraceIds | undefined {
    return this.scope.traceIds();
  }

  get<T>(token: Token<T>): T {
    return this.container.get(token);
  }

  body<T>(schema: StandardSchemaV1<unknown, T>): Promise<T> {
    if (!this.request) {
      return Promise.reject(new HttpError(400, 'NOT_HTTP', 'ctx.body() is only available in HTTP functions'));
    }
    return readJsonBody(this.request, schema, this.maxBodyBytes);
  }

  /** Fires the AbortSignal (at the deadline, or when the platform cancels). */
  abort(reason: unknown): void {
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
}

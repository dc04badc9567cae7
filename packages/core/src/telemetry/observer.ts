import {
  context as apiContext,
  metrics as apiMetrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import type { InvocationInfo, InvocationObservation, MetricsApi } from '../context/observer';
import type { ResolvedConfig } from './config/resolve';
import type { DiagnosticHandler } from './diagnostics';
import { settleWithin } from './flush';
import { CustomMetrics } from './metrics/custom-metrics';
import { FaasMetrics } from './metrics/faas-metrics';
import { toSpanContext, toTextMapPropagator } from './propagation/opentelemetry';
import { CompositePropagator } from './propagation/registry';
import type { TracePropagator } from './propagation/types';
import { preloadExporterModules } from './exporters/select';
import { buildSdk, type Sdk } from './sdk';
import { AsyncLocalContextManager } from './tracing/context-manager';
import { activeFetchTracer, FETCH_TRACER_KEY } from './tracing/context-storage';
import { OutgoingFetchTracer } from './tracing/fetch-tracer';
import { untracedFetch, WRAPPED_FETCH } from './tracing/traced-fetch';
import { InvocationObservationImpl, NOOP_OBSERVATION } from './tracing/observation';
import { invocationAttributes, invocationSpanKind, invocationSpanName } from './tracing/invocation-span';
import type { Telemetry, TelemetryOptions } from './types';

/** The shutdown bound when none is given. */
const DEFAULT_SHUTDOWN_MS = 5000;

/**
 * The OpenTelemetry implementation of the invocation observer. Built by `createTelemetry`; the
 * SDK objects are made on first use (the first invocation, or the first custom metric).
 */
export class OpenTelemetryObserver implements Telemetry {
  readonly metrics: MetricsApi;
  /** The SDK and what is built on it; made on first use. */
  private state: { sdk: Sdk; faas: FaasMetrics; fetchTracer: OutgoingFetchTracer } | undefined;
  private readonly propagator: CompositePropagator;
  private readonly contextManager = new AsyncLocalContextManager();
  /** Undoes, on shutdown, each API global this instance installed (and only those). */
  private unregister: Array<() => void> = [];
  private restoreFetch: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly options: TelemetryOptions,
    private readonly report: DiagnosticHandler,
  ) {
    this.propagator = new CompositePropagator(options.propagators);
    this.metrics = new CustomMetrics(() => this.ensure().sdk.meter);
    if (options.instrumentFetch) this.patchFetch();
    for (const warning of config.warnings) report({ level: 'warn', message: warning });
    preloadExporterModules(config);
  }

  get tracerProvider() {
    return this.ensure().sdk.tracerProvider;
  }

  get meterProvider() {
    return this.ensure().sdk.meterProvider;
  }

  start(info: InvocationInfo): InvocationObservation {
    try {
      const { sdk, faas, fetchTracer } = this.ensure(info.service);
      const kind = invocationSpanKind(info);
      let base = ROOT_CONTEXT.setValue(FETCH_TRACER_KEY, fetchTracer);
      let links: { context: ReturnType<typeof toSpanContext> }[] | undefined;
      const remote = this.propagator.extract(info.carrier, this.onPropagatorError);
      if (remote) {
        const parent = toSpanContext(remote);
        base = trace.setSpanContext(base, parent);
        // A message's span continues the message's trace and links to it, as the messaging
        // conventions ask: each message of a batch has its own carrier, hence its own parent.
        if (kind === SpanKind.CONSUMER) links = [{ context: parent }];
      }
      const span = sdk.tracer.startSpan(
        invocationSpanName(info),
        { kind, attributes: invocationAttributes(info), links, startTime: info.startTime },
        base,
      );
      const attributes = faas.attributes(info);
      faas.started(info, attributes);
      return new InvocationObservationImpl(
        span,
        trace.setSpan(base, span),
        info,
        attributes,
        this.contextManager,
        faas,
        this.report,
      );
    } catch (error) {
      this.report({
        level: 'warn',
        message: 'could not start the invocation span; this invocation is not traced',
        error,
      });
      return NOOP_OBSERVATION;
    }
  }

  recordInit(initDurationMs: number, info: InvocationInfo): void {
    try {
      const { faas } = this.ensure(info.service);
      faas.init(faas.attributes(info), initDurationMs / 1000);
    } catch (error) {
      this.report({ level: 'debug', message: 'could not record the init duration', error });
    }
  }

  async flush(timeoutMs: number): Promise<void> {
    const sdk = this.state?.sdk;
    if (!sdk) return;
    try {
      const work = Promise.all([
        ...sdk.processors.map((p) => p.forceFlush()),
        ...sdk.readers.map((r) => r.forceFlush()),
      ]);
      const inTime = await settleWithin(work, timeoutMs);
      if (!inTime)
        this.report({
          level: 'debug',
          message: `flush not finished within ${timeoutMs} ms; it goes on in the background`,
        });
    } catch (error) {
      this.report({ level: 'debug', message: 'flush failed', error });
    }
  }

  async shutdown(timeoutMs: number = DEFAULT_SHUTDOWN_MS): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const started = Date.now();
    this.restoreFetch?.();
    this.restoreFetch = undefined;
    const sdk = this.state?.sdk;
    if (!sdk) return;
    await this.flush(timeoutMs);
    const left = Math.max(0, timeoutMs - (Date.now() - started));
    await settleWithin(
      Promise.allSettled([sdk.tracerProvider.shutdown(), sdk.meterProvider.shutdown()]),
      left,
    );
    for (const undo of this.unregister) undo();
    this.unregister = [];
  }

  private ensure(serviceFromInvocation?: string) {
    if (this.state) return this.state;
    const serviceName = this.config.service ?? serviceFromInvocation ?? 'unknown_service:node';
    const sdk = buildSdk(this.config, serviceName, this.options.traces?.sampler, this.report);
    this.state = {
      sdk,
      faas: new FaasMetrics(sdk.meter),
      fetchTracer: new OutgoingFetchTracer(sdk.tracer, this.propagator, this.report, untracedFetch),
    };
    if (this.options.register) this.register(sdk);
    return this.state;
  }

  private register(sdk: Sdk): void {
    const globals: Array<[boolean, () => void]> = [
      [trace.setGlobalTracerProvider(sdk.tracerProvider), () => trace.disable()],
      [apiMetrics.setGlobalMeterProvider(sdk.meterProvider), () => apiMetrics.disable()],
      [
        propagation.setGlobalPropagator(toTextMapPropagator(this.propagator, this.onPropagatorError)),
        () => propagation.disable(),
      ],
      [apiContext.setGlobalContextManager(this.contextManager), () => apiContext.disable()],
    ];
    this.unregister = globals.filter(([installed]) => installed).map(([, undo]) => undo);
    if (this.unregister.length < globals.length) {
      this.report({
        level: 'warn',
        message:
          'register: another OpenTelemetry SDK already owns some @opentelemetry/api globals; those were kept',
      });
    }
  }

  private patchFetch(): void {
    const original = globalThis.fetch;
    const patched = ((input, init) => {
      const active = activeFetchTracer();
      return active ? active.tracer.fetch(active.context, input, init) : original(input, init);
    }) as typeof fetch & { [WRAPPED_FETCH]?: typeof fetch };
    patched[WRAPPED_FETCH] = original;
    globalThis.fetch = patched;
    this.restoreFetch = () => {
      // Someone patched after us: unwinding would drop their wrapper too.
      if (globalThis.fetch === patched) globalThis.fetch = original;
    };
  }

  private readonly onPropagatorError = (propagator: TracePropagator, error: unknown) =>
    this.report({ level: 'debug', message: `propagator ${propagator.name} failed`, error });
}

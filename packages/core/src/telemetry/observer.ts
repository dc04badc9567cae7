import {
  context as apiContext,
  metrics as apiMetrics,
  type Context,
  propagation,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import type { InvocationInfo, InvocationObservation, MetricsApi } from '../context/observer';
import type { ResolvedConfig } from './config/resolve';
import type { DiagnosticHandler } from './diagnostics';
import { RESOLVED, settleWithin } from './flush';
import { CustomMetrics } from './metrics/custom-metrics';
import { FaasMetrics } from './metrics/faas-metrics';
import { toTextMapPropagator } from './propagation/opentelemetry';
import { CompositePropagator } from './propagation/registry';
import type { TracePropagator } from './propagation/types';
import { preloadExporterModules } from './exporters/select';
import { buildSdk, SCOPE, type Sdk } from './sdk';
import { ScopeContextManager } from './tracing/context-manager';
import { activeFetchTracer, FETCH_TRACER_KEY } from './tracing/context-storage';
import { OutgoingFetchTracer } from './tracing/fetch-tracer';
import { untracedFetch, WRAPPED_FETCH } from './tracing/traced-fetch';
import { InvocationObservationImpl, NOOP_OBSERVATION } from './tracing/observation';
import { resolveSampler } from './tracing/sampler';
import { spanLimitsFromEnv } from './tracing/span';
import { InvocationTracer } from './tracing/invocation-tracer';
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
  private state:
    | {
        sdk: Sdk;
        faas: FaasMetrics;
        tracer: InvocationTracer;
        /** The root of every invocation's context: it carries this instance's fetch tracer. */
        baseContext: Context;
      }
    | undefined;
  private readonly propagator: CompositePropagator;
  private readonly contextManager = new ScopeContextManager();
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
    this.metrics = new CustomMetrics(() => this.ensure().sdk.store);
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

  /**
   * Builds the SDK objects and exporters at init, named after the app unless the config names
   * the service, so that the first invocation finds them ready and the collector connection is
   * already on its way.
   */
  prepare(service: string): void {
    try {
      this.ensure(service);
    } catch (error) {
      this.report({
        level: 'warn',
        message: 'could not prepare telemetry; the first invocation retries',
        error,
      });
    }
  }

  start(info: InvocationInfo): InvocationObservation {
    try {
      const { tracer, faas, baseContext } = this.ensure(info.service);
      const remote = info.carrier ? this.propagator.extract(info.carrier, this.onPropagatorError) : undefined;
      const span = tracer.start(info, remote);
      const fn = faas.of(info);
      if (info.coldStart) fn.coldStart();
      return new InvocationObservationImpl(span, baseContext, info, fn, this.report);
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
      faas.of(info).initDuration(initDurationMs / 1000);
    } catch (error) {
      this.report({ level: 'debug', message: 'could not record the init duration', error });
    }
  }

  /**
   * Hands every exporter what it has (spans buffered, metrics recorded since its last export)
   * and waits for them at most `timeoutMs`. Exporters that answer synchronously (EMF, console,
   * in-process ones), and exporters with nothing new, cost no promise and no timer: the flush
   * of an invocation is then an already-resolved promise.
   */
  flush(timeoutMs: number): Promise<void> {
    const sdk = this.state?.sdk;
    if (!sdk) return RESOLVED;
    // Made only when an exporter answers later: the usual flush allocates nothing.
    let pending: Promise<void>[] | undefined;
    try {
      for (const processor of sdk.processors) {
        const p = processor.flush();
        if (p) (pending ??= []).push(p);
      }
      for (const pipeline of sdk.pipelines) {
        const p = pipeline.flush();
        if (p) (pending ??= []).push(p);
      }
    } catch (error) {
      this.report({ level: 'debug', message: 'flush failed', error });
    }
    if (!pending) return RESOLVED;
    const work = pending.length === 1 ? pending[0] : Promise.all(pending);
    if (!(timeoutMs > 0)) {
      this.notInTime(timeoutMs);
      return RESOLVED;
    }
    return settleWithin(work, timeoutMs).then((inTime) => {
      if (!inTime) this.notInTime(timeoutMs);
    });
  }

  private notInTime(timeoutMs: number): void {
    this.report({
      level: 'debug',
      message: `flush not finished within ${timeoutMs} ms; it goes on in the background`,
    });
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
      Promise.allSettled([
        sdk.shutdownTracing(),
        ...sdk.pipelines.map((p) => p.shutdown()),
        sdk.sdkMeterProvider()?.shutdown(),
      ]),
      left,
    );
    for (const undo of this.unregister) undo();
    this.unregister = [];
  }

  private ensure(serviceFromInvocation?: string) {
    if (this.state) return this.state;
    const serviceName = this.config.service ?? serviceFromInvocation ?? 'unknown_service:node';
    const env = this.options.env ?? process.env;
    const sampler = resolveSampler(this.options.traces?.sampler, env, this.report);
    const limits = spanLimitsFromEnv(env);
    const sdk = buildSdk(
      this.config,
      serviceName,
      sampler.sampler,
      limits,
      this.report,
      this.options.metrics?.sdk,
    );
    const fetchTracer = new OutgoingFetchTracer(
      () => sdk.tracer,
      this.propagator,
      this.report,
      untracedFetch,
    );
    this.state = {
      sdk,
      faas: new FaasMetrics(sdk.store),
      tracer: new InvocationTracer(sampler, new RandomIdGenerator(), {
        resource: sdk.resource,
        scope: SCOPE,
        limits,
        processors: sdk.processors,
      }),
      baseContext: ROOT_CONTEXT.setValue(FETCH_TRACER_KEY, fetchTracer),
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

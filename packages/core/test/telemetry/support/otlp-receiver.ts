import * as grpc from '@grpc/grpc-js';
import { createServer, type Server, type Socket } from 'node:net';
import {
  decodeMetrics,
  decodeSpans,
  MetricsResponse,
  type ReceivedPoint,
  type ReceivedSpan,
  TraceResponse,
} from './otlp-decode';

export type { ReceivedPoint, ReceivedSpan } from './otlp-decode';

/** What the receiver answers: success (default) or a gRPC error. */
export type ReceiverAnswer = { ok: true } | { code: grpc.status; message: string };

/** A gRPC OTLP collector on 127.0.0.1 that keeps what it receives. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, for `OTEL_EXPORTER_OTLP_ENDPOINT` or `otlp.endpoint`. */
  readonly endpoint: string;
  spans(): ReceivedSpan[];
  points(): ReceivedPoint[];
  /** The gRPC metadata of each request received (auth headers end up here). */
  metadata(): Array<Record<string, string>>;
  /** Resolves once `predicate` holds for what was received; rejects after `timeoutMs`. */
  waitFor(predicate: (r: OtlpReceiver) => boolean, timeoutMs?: number): Promise<void>;
  answer(answer: ReceiverAnswer): void;
  reset(): void;
  stop(): Promise<void>;
}

const identity = (b: Buffer) => b;

/**
 * Starts a real OTLP receiver: `@grpc/grpc-js` serving `TraceService/Export` and
 * `MetricsService/Export`, decoding with an independent protobuf decoder. Shared with the
 * adapters' contract tests.
 *
 * @example
 * ```ts
 * const receiver = await startOtlpReceiver();
 * const telemetry = createTelemetry({ otlp: { endpoint: receiver.endpoint } });
 * // ... run an invocation, flush ...
 * await receiver.waitFor((r) => r.spans().length === 1);
 * await receiver.stop();
 * ```
 */
export async function startOtlpReceiver(options: { port?: number } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const metadata: Array<Record<string, string>> = [];
  let answer: ReceiverAnswer = { ok: true };

  const handler =
    (decode: (body: Buffer) => void, empty: Uint8Array) =>
    (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
      metadata.push(
        Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)])),
      );
      if ('code' in answer) {
        callback({ code: answer.code, details: answer.message });
        return;
      }
      decode(call.request);
      callback(null, empty);
    };
  const unary = (path: string) => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (m: Uint8Array) => Buffer.from(m),
    responseDeserialize: identity,
  });

  const server = new grpc.Server();
  server.addService(
    {
      Export: unary('/opentelemetry.proto.collector.trace.v1.TraceService/Export'),
    } as unknown as grpc.ServiceDefinition,
    { Export: handler((b) => spans.push(...decodeSpans(b)), TraceResponse.encode({}).finish()) },
  );
  server.addService(
    {
      Export: unary('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'),
    } as unknown as grpc.ServiceDefinition,
    { Export: handler((b) => points.push(...decodeMetrics(b)), MetricsResponse.encode({}).finish()) },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );

  const receiver: OtlpReceiver = {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    points: () => [...points],
    metadata: () => [...metadata],
    waitFor: (predicate, timeoutMs = 5000) => poll(() => predicate(receiver), timeoutMs, 'the OTLP receiver'),
    answer: (a) => {
      answer = a;
    },
    reset: () => {
      spans.length = 0;
      points.length = 0;
      metadata.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Connections a client keeps open would hold tryShutdown; a test must not wait on them.
        setTimeout(() => server.forceShutdown(), 200).unref();
      }),
  };
  return receiver;
}

/** A TCP server that accepts connections and never says a word: the hung collector. */
export interface SilentServer {
  readonly endpoint: string;
  /** Connections accepted so far. */
  connections(): number;
  stop(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An endpoint nothing listens on: an ephemeral port bound, then released. */
export async function closedPortEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Polls `condition` every 10 ms; rejects with what was waited for after `timeoutMs`. */
export async function poll(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

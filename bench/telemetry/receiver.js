// A minimal OTLP gRPC collector for the cold-start runs: answers every export with success and
// counts what it got (the decoding receiver of the tests lives in packages/core/test/telemetry/support).
const grpc = require('@grpc/grpc-js');

async function startReceiver() {
  const counts = { traces: 0, metrics: 0 };
  const identity = (b) => b;
  const unary = (path) => ({
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  });
  const server = new grpc.Server();
  server.addService(
    { Export: unary('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
    {
      Export: (_call, callback) => {
        counts.traces += 1;
        callback(null, Buffer.alloc(0));
      },
    },
  );
  server.addService(
    { Export: unary('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export') },
    {
      Export: (_call, callback) => {
        counts.metrics += 1;
        callback(null, Buffer.alloc(0));
      },
    },
  );
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    stop: () => new Promise((r) => server.tryShutdown(() => r())),
  };
}

module.exports = { startReceiver };

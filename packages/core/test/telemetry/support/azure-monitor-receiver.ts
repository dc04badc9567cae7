import { createServer, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One Application Insights envelope (`RequestData`, `RemoteDependencyData`, `MetricData`, ...). */
export interface Envelope {
  name: string;
  iKey?: string;
  time: string;
  tags?: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the envelope schema is wide; tests read what they assert on.
  data: { baseType: string; baseData: Record<string, any> };
}

/** A local Application Insights ingestion endpoint that keeps the envelopes it receives. */
export interface AzureMonitorReceiver {
  /** A connection string pointing the exporter at this receiver. */
  readonly connectionString: string;
  envelopes(): Envelope[];
  /** Request paths seen, to tell `/v2.1/track` from anything else the exporter calls. */
  paths(): string[];
  waitFor(predicate: (r: AzureMonitorReceiver) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_INSTRUMENTATION_KEY = '00000000-0000-4000-8000-000000000001';

/**
 * Starts the receiver on 127.0.0.1. Bodies are JSON arrays of envelopes, gzip-compressed or not;
 * every track call is answered 200 with all items accepted.
 */
export async function startAzureMonitorReceiver(): Promise<AzureMonitorReceiver> {
  const envelopes: Envelope[] = [];
  const paths: string[] = [];
  const server = createServer(async (req, res) => {
    paths.push(req.url ?? '');
    const body = await read(req);
    let count = 0;
    if (req.method === 'POST' && req.url?.includes('/track')) {
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      const parsed = text.trim().startsWith('[')
        ? JSON.parse(text)
        : text
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l));
      envelopes.push(...parsed);
      count = parsed.length;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const receiver: AzureMonitorReceiver = {
    connectionString: `InstrumentationKey=${TEST_INSTRUMENTATION_KEY};IngestionEndpoint=http://127.0.0.1:${port}/`,
    envelopes: () => [...envelopes],
    paths: () => [...paths],
    waitFor: async (predicate, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > until)
          throw new Error(`timed out after ${timeoutMs} ms waiting for Azure Monitor envelopes`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

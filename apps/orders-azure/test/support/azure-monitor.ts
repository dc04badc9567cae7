import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One Application Insights envelope, as much of it as the tests read. */
export interface Envelope {
  name: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

/** A local Application Insights ingestion endpoint (`/v2.1/track`) that keeps what it receives. */
export interface IngestionEndpoint {
  /** An APPLICATIONINSIGHTS_CONNECTION_STRING that sends telemetry here. */
  readonly connectionString: string;
  envelopes(): Envelope[];
  stop(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1; bodies are JSON arrays (or lines) of envelopes, gzip or not. */
export async function startIngestionEndpoint(): Promise<IngestionEndpoint> {
  const received: Envelope[] = [];
  const server = createServer(async (req, res) => {
    const body = await read(req);
    let count = 0;
    if (req.method === 'POST' && req.url?.includes('/track')) {
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body)
        .toString('utf8')
        .trim();
      const batch = (
        text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line))
      ) as Envelope[];
      received.push(...batch);
      count = batch.length;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=http://127.0.0.1:${port}/`,
    envelopes: () => [...received],
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the fake Pub/Sub received it. */
export interface PublishedMessage {
  project: string;
  topic: string;
  /** The payload, decoded from base64. */
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey?: string;
  messageId: string;
  /** The Authorization header of the publish request. */
  authorization: string | undefined;
}

export interface FakeGoogle {
  /** `127.0.0.1:<port>`: for PUBSUB_EMULATOR_HOST and GCE_METADATA_HOST. */
  host: string;
  /** `http://127.0.0.1:<port>`: a Pub/Sub API endpoint. */
  url: string;
  readonly published: PublishedMessage[];
  /** Publish requests received, answered or failed. */
  readonly publishRequests: number;
  /** Token requests the metadata server answered. */
  readonly tokenRequests: number;
  /** The next `count` publish requests are answered `status`. */
  failPublishes(status: number, count: number): void;
  /** Every token issued so far is refused (401) from now on. */
  revokeTokens(): void;
  close(): Promise<void>;
}

/**
 * The two Google endpoints the GCP build talks to, on 127.0.0.1 (no Pub/Sub emulator can be
 * installed here): Pub/Sub's REST `topics.publish` (`POST /v1/projects/P/topics/T:publish`,
 * base64 `data`, attributes, `{ messageIds }` back) and the metadata server's token and project
 * endpoints (which answer only with `Metadata-Flavor: Google`, as the real one does). With
 * `requireToken`, a publish needs a bearer token the metadata server issued and not revoked.
 */
export async function startFakeGoogle(
  options: { requireToken?: boolean; tokenTtlSeconds?: number; project?: string } = {},
): Promise<FakeGoogle> {
  const published: PublishedMessage[] = [];
  const issued = new Set<string>();
  let failures: { status: number; count: number } | undefined;
  let publishRequests = 0;
  let tokenRequests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (url.pathname.startsWith('/computeMetadata/v1/')) {
      if (req.headers['metadata-flavor'] !== 'Google')
        return send(res, 403, 'Missing Metadata-Flavor: Google');
      if (url.pathname === '/computeMetadata/v1/project/project-id')
        return send(res, 200, options.project ?? 'fake-project');
      if (url.pathname !== '/computeMetadata/v1/instance/service-accounts/default/token')
        return send(res, 404, 'not found');
      const token = `ya29.fake-${++tokenRequests}`;
      issued.add(token);
      return sendJson(res, 200, {
        access_token: token,
        expires_in: options.tokenTtlSeconds ?? 3599,
        token_type: 'Bearer',
      });
    }
    const match = /^\/v1\/projects\/([^/]+)\/topics\/([^/:]+):publish$/.exec(url.pathname);
    if (!match || req.method !== 'POST')
      return sendJson(res, 404, { error: { code: 404, status: 'NOT_FOUND' } });
    publishRequests++;
    const authorization = req.headers.authorization;
    if (options.requireToken && !issued.has(authorization?.replace(/^Bearer /, '') ?? '')) {
      return sendJson(res, 401, { error: { code: 401, status: 'UNAUTHENTICATED' } });
    }
    if (failures && failures.count > 0) {
      failures.count--;
      return sendJson(res, failures.status, {
        error: { code: failures.status, message: 'injected failure' },
      });
    }
    const messages = (JSON.parse(body.toString('utf8')) as { messages: Record<string, unknown>[] }).messages;
    const ids = messages.map((m) => {
      const messageId = String(published.length + 1);
      published.push({
        project: match[1],
        topic: match[2],
        data: Buffer.from(String(m.data ?? ''), 'base64'),
        attributes: (m.attributes as Record<string, string>) ?? {},
        orderingKey: m.orderingKey as string | undefined,
        messageId,
        authorization,
      });
      return messageId;
    });
    return sendJson(res, 200, { messageIds: ids });
  };

  const server = createServer((req, res) => void handle(req, res).catch(() => send(res, 500, 'fake failed')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    published,
    get publishRequests() {
      return publishRequests;
    },
    get tokenRequests() {
      return tokenRequests;
    },
    failPublishes: (status, count) => {
      failures = { status, count };
    },
    revokeTokens: () => issued.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'metadata-flavor': 'Google' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'metadata-flavor': 'Google' });
  res.end(JSON.stringify(body));
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The switches of the stand-in, changed at run time with `PUT /admin/config`. */
export interface PaymentStandinConfig {
  /** Share of charge requests (0..1) answered 503, at random. */
  errorRate: number;
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Every charge request is answered 503. */
  outage: boolean;
  /** Customers whose cards are declined (402, a permanent failure). */
  declinedCustomers: string[];
  /**
   * The next N charge requests are processed (a new charge is captured, a repeated key replays
   * it) but answered 503, as if the response were lost on the way back: what makes a consumer
   * retry, or its message be redelivered, after the money has moved.
   */
  lostResponses: number;
}

export interface Charge {
  id: string;
  orderId: string;
  customer: string;
  amountCents: number;
  idempotencyKey: string | undefined;
  /** The W3C trace context the charge request carried, if any: proof the trace reached here. */
  traceparent: string | undefined;
  createdAt: string;
}

export interface PaymentStandin {
  readonly url: string;
  readonly config: PaymentStandinConfig;
  /** Every charge captured, in order. A retried request with the same Idempotency-Key is not a new charge. */
  readonly charges: readonly Charge[];
  /** How many charge requests arrived, successful or not. */
  readonly requests: number;
  configure(change: Partial<PaymentStandinConfig>): void;
  close(): Promise<void>;
}

const DEFAULTS: PaymentStandinConfig = {
  errorRate: 0,
  latencyMs: 0,
  outage: false,
  declinedCustomers: ['declined'],
  lostResponses: 0,
};

/**
 * A small payment service for local runs and tests: `POST /charges` captures a charge
 * (idempotent by `Idempotency-Key`), with switches for an error rate, latency, a full outage and
 * declined customers. `GET /admin/charges` lists what was captured; `PUT /admin/config` flips the
 * switches, so a user of `npm start` can watch retries, the breaker and the dead-letter queue.
 *
 * @example
 * ```ts
 * import { startPaymentStandin } from '@faasade/orders/payment-standin';
 * const payments = await startPaymentStandin({ port: 0 });
 * payments.configure({ outage: true });
 * await payments.close();
 * ```
 */
export async function startPaymentStandin(
  options: {
    port?: number;
    host?: string;
    config?: Partial<PaymentStandinConfig>;
    random?: () => number;
  } = {},
): Promise<PaymentStandin> {
  const config: PaymentStandinConfig = { ...DEFAULTS, ...options.config };
  const random = options.random ?? Math.random;
  const charges: Charge[] = [];
  const byKey = new Map<string, Charge>();
  let requests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readJson(req);
    if (url.pathname === '/admin/config' && req.method === 'PUT') {
      if (body === undefined || typeof body !== 'object') return send(res, 400, { code: 'INVALID_CONFIG' });
      Object.assign(config, pickConfig(body as Record<string, unknown>));
      return send(res, 200, config);
    }
    if (url.pathname === '/admin/config' && req.method === 'GET') return send(res, 200, config);
    if (url.pathname === '/admin/charges' && req.method === 'GET')
      return send(res, 200, { charges, requests });
    if (url.pathname !== '/charges' || req.method !== 'POST') return send(res, 404, { code: 'NOT_FOUND' });

    requests++;
    if (config.latencyMs > 0) await new Promise((r) => setTimeout(r, config.latencyMs));
    if (config.outage || random() < config.errorRate)
      return send(res, 503, { code: 'UNAVAILABLE' }, { 'retry-after': '1' });
    const input = body as { orderId?: unknown; customer?: unknown; amountCents?: unknown } | undefined;
    if (
      !input ||
      typeof input.orderId !== 'string' ||
      typeof input.customer !== 'string' ||
      typeof input.amountCents !== 'number'
    ) {
      return send(res, 400, {
        code: 'INVALID_CHARGE',
        message: 'orderId, customer and amountCents are required',
      });
    }
    const key = headerOf(req, 'idempotency-key');
    const lose = () => {
      if (!(config.lostResponses > 0)) return false;
      config.lostResponses--;
      send(res, 503, { code: 'UNAVAILABLE' });
      return true;
    };
    const previous = key ? byKey.get(key) : undefined;
    if (previous) {
      if (!lose()) send(res, 200, previous);
      return;
    }
    if (config.declinedCustomers.includes(input.customer)) {
      return send(res, 402, { code: 'CARD_DECLINED', message: `The card of ${input.customer} was declined` });
    }
    const charge: Charge = {
      id: `ch_${randomUUID()}`,
      orderId: input.orderId,
      customer: input.customer,
      amountCents: input.amountCents,
      idempotencyKey: key,
      traceparent: headerOf(req, 'traceparent'),
      createdAt: new Date().toISOString(),
    };
    charges.push(charge);
    if (key) byKey.set(key, charge);
    if (!lose()) send(res, 201, charge);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { code: 'STANDIN_FAILED' }));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    config,
    charges,
    get requests() {
      return requests;
    },
    configure(change) {
      Object.assign(config, pickConfig(change as Record<string, unknown>));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pickConfig(input: Record<string, unknown>): Partial<PaymentStandinConfig> {
  const out: Partial<PaymentStandinConfig> = {};
  if (typeof input.errorRate === 'number' && input.errorRate >= 0 && input.errorRate <= 1)
    out.errorRate = input.errorRate;
  if (typeof input.latencyMs === 'number' && input.latencyMs >= 0) out.latencyMs = input.latencyMs;
  if (typeof input.outage === 'boolean') out.outage = input.outage;
  if (Array.isArray(input.declinedCustomers)) out.declinedCustomers = input.declinedCustomers.map(String);
  if (typeof input.lostResponses === 'number' && input.lostResponses >= 0)
    out.lostResponses = Math.floor(input.lostResponses);
  return out;
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (chunks.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

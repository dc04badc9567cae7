import { randomBytes, randomUUID } from 'node:crypto';
import type { AlbEvent, ApiGatewayV1Event, ApiGatewayV2Event } from '@faasade/aws-lambda';
import { isTextContentType } from '@faasade/core';

/** An HTTP request in plain terms, for the event factories. */
export interface HttpEventOptions {
  method?: string;
  /** Path and query as the client sent them, encoded: `/orders/42?tag=a&tag=b` (default `/`). */
  path?: string;
  /** Header names in any case; an array is a header the client repeated. */
  headers?: Readonly<Record<string, string | readonly string[]>>;
  body?: string | Uint8Array;
  sourceIp?: string;
  /** Path parameters API Gateway extracted from its route (default: `{proxy}` for REST). */
  pathParameters?: Record<string, string>;
  /** The API Gateway stage (default `$default` for HTTP APIs, `prod` for REST APIs). */
  stage?: string;
}

type Input = Request | HttpEventOptions;
type Pairs = [string, string][];

interface Parsed {
  method: string;
  path: string;
  query: string;
  /** Lowercase names, every value. */
  headers: Map<string, string[]>;
  /** The names as the client wrote them, for the platforms that keep their case. */
  names: Map<string, string>;
  body: string | Uint8Array | undefined;
  sourceIp: string;
  pathParameters: Record<string, string> | undefined;
  stage: string | undefined;
}

async function fromRequest(request: Request): Promise<HttpEventOptions> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return { method: request.method, path: `${url.pathname}${url.search}`, headers, body };
}

function parse(options: HttpEventOptions, host: string): Parsed {
  const full = options.path ?? '/';
  const q = full.indexOf('?');
  const headers = new Map<string, string[]>();
  const names = new Map<string, string>();
  const add = (name: string, values: readonly string[]) => {
    const key = name.toLowerCase();
    if (!names.has(key)) names.set(key, name);
    headers.set(key, [...(headers.get(key) ?? []), ...values]);
  };
  for (const [name, value] of Object.entries(options.headers ?? {}))
    add(name, typeof value === 'string' ? [value] : value);
  const sourceIp = options.sourceIp ?? '198.51.100.7';
  const defaults: Record<string, string> = {
    host,
    'x-forwarded-for': sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    // API Gateway and ALB start a trace with a Root only; a Parent comes only from the caller.
    'x-amzn-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  };
  for (const [name, value] of Object.entries(defaults)) if (!headers.has(name)) add(name, [value]);
  return {
    method: (options.method ?? 'GET').toUpperCase(),
    path: q < 0 ? full : full.slice(0, q),
    query: q < 0 ? '' : full.slice(q + 1),
    headers,
    names,
    body: options.body,
    sourceIp,
    pathParameters: options.pathParameters,
    stage: options.stage,
  };
}

function rawPairs(query: string): Pairs {
  if (query === '') return [];
  return query.split('&').map((part): [string, string] => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

function decodedPairs(query: string): Pairs {
  return rawPairs(query).map(([k, v]) => [decode(k), decode(v)]);
}

function grouped(pairs: Pairs): Record<string, string[]> | null {
  if (pairs.length === 0) return null;
  const out: Record<string, string[]> = {};
  for (const [k, v] of pairs) (out[k] ??= []).push(v);
  return out;
}

function mapValues<T>(
  record: Record<string, string[]> | null,
  pick: (values: string[]) => T,
): Record<string, T> | null {
  return record && Object.fromEntries(Object.entries(record).map(([k, v]) => [k, pick(v)]));
}

const last = (values: string[]) => values[values.length - 1];

/** The body as the platforms carry it: text as it is, anything else (or bytes that are not UTF-8) base64. */
function encodeBody(body: string | Uint8Array | undefined, contentType: string | undefined) {
  if (body === undefined || body.length === 0) return { body: null, isBase64Encoded: false };
  if (isTextContentType(contentType)) {
    if (typeof body === 'string') return { body, isBase64Encoded: false };
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
    } catch {
      /* not UTF-8: carried as base64 */
    }
  }
  return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
}

function percentDecodePath(path: string): string {
  return path.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function requestTime(now: Date): string {
  const [, day, month, year, time] = now.toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

function build<E>(input: Input, make: (p: Parsed) => E): E | Promise<E> {
  if (input instanceof Request) {
    return fromRequest(input).then((options) => make(parse(options, new URL(input.url).host)));
  }
  return make(parse(input, 'abc123def4.execute-api.us-east-1.amazonaws.com'));
}

/**
 * An HTTP API (payload 2.0) event, or with `functionUrl` a Function URL event. Like the
 * platform: header names lowercase, repeated values joined with commas, cookies moved to
 * `cookies`, a non-text body base64-encoded, and (for an HTTP API only) the path decoded.
 *
 * @example
 * ```ts
 * import { apiGatewayV2Event } from '@faasade/testing/aws';
 * const event = await apiGatewayV2Event(new Request('https://api.example.com/orders?tag=a&tag=b'));
 * event.rawQueryString; // 'tag=a&tag=b'
 * ```
 */
export function apiGatewayV2Event(
  input: Request,
  options?: { functionUrl?: boolean },
): Promise<ApiGatewayV2Event>;
export function apiGatewayV2Event(
  input: HttpEventOptions,
  options?: { functionUrl?: boolean },
): ApiGatewayV2Event;
export function apiGatewayV2Event(
  input: Input,
  options: { functionUrl?: boolean } = {},
): ApiGatewayV2Event | Promise<ApiGatewayV2Event> {
  return build(input, (p) => {
    const now = new Date();
    const stage = options.functionUrl ? '$default' : (p.stage ?? '$default');
    const cookies = (p.headers.get('cookie') ?? [])
      .flatMap((c) => c.split(';'))
      .map((c) => c.trim())
      .filter(Boolean);
    const headers: Record<string, string> = {};
    for (const [name, values] of p.headers) if (name !== 'cookie') headers[name] = values.join(',');
    const host = headers.host;
    const path = options.functionUrl ? p.path : percentDecodePath(p.path);
    // A named stage is in the path on the API's own domain only, never on a custom domain.
    const rawPath = stage === '$default' || !host.includes('.execute-api.') ? path : `/${stage}${path}`;
    const encoded = encodeBody(p.body, headers['content-type']);
    const requestContext = {
      accountId: options.functionUrl ? 'anonymous' : '123456789012',
      apiId: host.split('.')[0],
      // A Function URL's own domain names it; custom domains sit in front (CloudFront), not here.
      domainName:
        options.functionUrl && !host.includes('.lambda-url.')
          ? `${host.split('.')[0]}.lambda-url.us-east-1.on.aws`
          : host,
      domainPrefix: host.split('.')[0],
      http: {
        method: p.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: p.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage,
      time: requestTime(now),
      timeEpoch: now.getTime(),
    };
    const event: ApiGatewayV2Event & Record<string, unknown> = {
      version: '2.0',
      routeKey: options.functionUrl ? '$default' : `${p.method} ${p.path}`,
      rawPath,
      rawQueryString: p.query,
      headers,
      queryStringParameters: mapValues(grouped(decodedPairs(p.query)), (v) => v.join(',')) ?? undefined,
      pathParameters: p.pathParameters,
      requestContext,
      isBase64Encoded: encoded.isBase64Encoded,
    };
    // An HTTP API leaves `body` out when there is none.
    if (encoded.body !== null) event.body = encoded.body;
    if (cookies.length > 0) event.cookies = cookies;
    return event;
  });
}

/**
 * An API Gateway REST API event (payload 1.0). Like the platform: header names as the client
 * wrote them, `headers` with the last value and `multiValueHeaders` with all, query values
 * decoded, the stage only in `requestContext.path`, a non-text body base64-encoded.
 *
 * @example
 * ```ts
 * import { apiGatewayV1Event } from '@faasade/testing/aws';
 * const event = apiGatewayV1Event({ method: 'POST', path: '/orders?src=web', body: '{"sku":"apple"}', headers: { 'Content-Type': 'application/json' } });
 * event.multiValueQueryStringParameters; // { src: ['web'] }
 * ```
 */
export function apiGatewayV1Event(input: Request): Promise<ApiGatewayV1Event>;
export function apiGatewayV1Event(input: HttpEventOptions): ApiGatewayV1Event;
export function apiGatewayV1Event(input: Input): ApiGatewayV1Event | Promise<ApiGatewayV1Event> {
  return build(input, (p) => {
    const now = new Date();
    const stage = p.stage ?? 'prod';
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, values] of p.headers) multiValueHeaders[p.names.get(name) ?? name] = values;
    const host = p.headers.get('host')?.[0] ?? '';
    const query = grouped(decodedPairs(p.query));
    const requestContext = {
      accountId: '123456789012',
      apiId: host.split('.')[0],
      domainName: host,
      domainPrefix: host.split('.')[0],
      extendedRequestId: randomUUID(),
      httpMethod: p.method,
      identity: { sourceIp: p.sourceIp, userAgent: p.headers.get('user-agent')?.[0] ?? null },
      path: `/${stage}${p.path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourcePath: '/{proxy+}',
      stage,
    };
    const event: ApiGatewayV1Event & Record<string, unknown> = {
      resource: p.pathParameters ? p.path : '/{proxy+}',
      path: p.path,
      httpMethod: p.method,
      headers: mapValues(multiValueHeaders, last),
      multiValueHeaders,
      queryStringParameters: mapValues(query, last),
      multiValueQueryStringParameters: query,
      pathParameters: p.pathParameters ?? { proxy: p.path.slice(1) },
      stageVariables: null,
      requestContext,
      ...encodeBody(p.body, p.headers.get('content-type')?.[0]),
    };
    return event;
  });
}

/**
 * An ALB event. Like the load balancer: header names lowercase, query values as the client
 * encoded them, a non-text body base64-encoded; in single-value mode (the default) the last of
 * repeated headers and query values, with `multiValue` every one of them.
 *
 * @example
 * ```ts
 * import { albEvent } from '@faasade/testing/aws';
 * const event = await albEvent(new Request('https://orders.example.com/orders?tag=a&tag=b'), { multiValue: true });
 * event.multiValueQueryStringParameters; // { tag: ['a', 'b'] }
 * ```
 */
export function albEvent(input: Request, options?: { multiValue?: boolean }): Promise<AlbEvent>;
export function albEvent(input: HttpEventOptions, options?: { multiValue?: boolean }): AlbEvent;
export function albEvent(input: Input, options: { multiValue?: boolean } = {}): AlbEvent | Promise<AlbEvent> {
  return build(input, (p) => {
    const headers = Object.fromEntries(p.headers);
    const query = grouped(rawPairs(p.query)) ?? {};
    const event: AlbEvent & Record<string, unknown> = {
      requestContext: {
        elb: {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/faasade/6d0ecf831eec9f09',
        },
      },
      httpMethod: p.method,
      path: p.path,
      ...(options.multiValue
        ? { multiValueHeaders: headers, multiValueQueryStringParameters: query }
        : { headers: mapValues(headers, last) ?? {}, queryStringParameters: mapValues(query, last) ?? {} }),
      ...encodeBody(p.body, p.headers.get('content-type')?.[0]),
    };
    if (event.body === null) event.body = '';
    return event;
  });
}

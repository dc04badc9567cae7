import { type Context, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { CompositePropagator } from '../propagation/registry';
import type { DiagnosticHandler } from '../diagnostics';
import { ATTR } from '../semconv';
import type { FetchTracer } from './context-storage';
import { normalizeMethod } from './invocation-span';

/**
 * Traces one outgoing `fetch`: a CLIENT span, child of the active context, whose ids go out in
 * `traceparent` (and every other registered format). Follows the HTTP client conventions: the
 * span is named after the method, and a 4xx is an error (unlike on the server side: here the
 * call did fail).
 */
export class OutgoingFetchTracer implements FetchTracer {
  constructor(
    /** The SDK tracer, asked for at the first traced call (it is made on first use). */
    private readonly tracer: () => Tracer,
    private readonly propagator: CompositePropagator,
    private readonly report: DiagnosticHandler,
    /** The unwrapped global fetch, so that a patched global is never entered twice. */
    private readonly baseFetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
  ) {}

  async fetch(parent: Context, input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const url = safeUrl(request ? request.url : String(input));
    const normalized = normalizeMethod(method);
    const span = this.tracer().startSpan(
      normalized === '_OTHER' ? 'HTTP' : normalized,
      { kind: SpanKind.CLIENT, attributes: clientAttributes(normalized, method, url) },
      parent,
    );
    const headers = new Headers(init?.headers ?? request?.headers);
    const ids = span.spanContext();
    this.propagator.inject(
      {
        traceId: ids.traceId,
        spanId: ids.spanId,
        sampled: (ids.traceFlags & 1) === 1,
        traceState: ids.traceState?.serialize() || undefined,
      },
      (name, value) => headers.set(name, value),
      (p, error) => this.report({ level: 'debug', message: `propagator ${p.name} failed to inject`, error }),
    );
    try {
      const response = await this.baseFetch(input, { ...init, headers });
      span.setAttribute(ATTR.httpResponseStatusCode, response.status);
      if (response.status >= 400) {
        span.setAttribute(ATTR.errorType, String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return response;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      span.recordException(e);
      span.setAttribute(ATTR.errorType, e.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
      throw error;
    } finally {
      span.end();
    }
  }
}

function clientAttributes(method: string, original: string, url: URL | undefined) {
  const a: Record<string, string | number> = { [ATTR.httpRequestMethod]: method };
  if (method === '_OTHER') a[ATTR.httpRequestMethodOriginal] = original;
  if (url) {
    // Credentials in a URL never go into telemetry.
    url.username = '';
    url.password = '';
    a[ATTR.urlFull] = url.href;
    a[ATTR.serverAddress] = url.hostname.replace(/^\[|\]$/g, '');
    a[ATTR.serverPort] = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  }
  return a;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

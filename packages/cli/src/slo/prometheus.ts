import { PrometheusQueryError } from '../errors';

/** One sample of an instant vector: its labels and value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/**
 * Runs an instant query against Prometheus' HTTP API (`GET /api/v1/query`). A Prometheus that
 * cannot be reached, answers an error, or answers something else than a vector is a
 * {@link PrometheusQueryError} that says which.
 */
export async function queryVector(baseUrl: string, query: string, timeoutMs = 10_000): Promise<Sample[]> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new PrometheusQueryError(`cannot reach Prometheus at ${baseUrl}: ${reason}`);
  }
  let body: QueryResponse;
  try {
    body = (await response.json()) as QueryResponse;
  } catch {
    throw new PrometheusQueryError(
      `${url.origin}${url.pathname} answered ${response.status} without a Prometheus JSON body`,
    );
  }
  if (body.status !== 'success' || !body.data) {
    throw new PrometheusQueryError(
      `Prometheus rejected ${query}: ${body.error ?? `HTTP ${response.status}`}`,
    );
  }
  if (body.data.resultType !== 'vector') {
    throw new PrometheusQueryError(
      `Prometheus answered ${query} with a ${body.data.resultType}, not a vector`,
    );
  }
  return body.data.result.map(({ metric, value }) => ({ labels: metric, value: Number(value[1]) }));
}

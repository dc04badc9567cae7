import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cli } from './support';

/** A tiny stand-in for Prometheus' /api/v1/query: answers the series the SLO rules record, and logs the queries. */
function fakePrometheus(series: Record<string, { metric: Record<string, string>; value: string }[]>) {
  const queries: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    response.setHeader('content-type', 'application/json');
    if (url.pathname !== '/api/v1/query') {
      response.writeHead(404).end('{"status":"error","errorType":"not_found","error":"not found"}');
      return;
    }
    const query = url.searchParams.get('query') ?? '';
    queries.push(query);
    if (query.includes('bad_query')) {
      response
        .writeHead(400)
        .end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
      return;
    }
    const result = (series[query] ?? []).map(({ metric, value }) => ({
      metric,
      value: [1_700_000_000, value],
    }));
    response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  return new Promise<{ url: string; queries: string[]; server: Server }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queries, server });
    });
  });
}

const labels = (cloud: string) => ({
  faas_name: 'createOrder',
  cloud_provider: cloud,
  slo: 'create-order-availability',
});
const RECORDED = {
  'slo:objective:ratio{slo="create-order-availability"}': [
    {
      metric: {
        __name__: 'slo:objective:ratio',
        slo: 'create-order-availability',
        sli: 'availability',
        window: '30d',
      },
      value: '0.999',
    },
  ],
  'slo:sli_error:ratio_rate30d{slo="create-order-availability"}': [
    { metric: { __name__: 'slo:sli_error:ratio_rate30d', ...labels('aws') }, value: '0.0005' },
    { metric: { __name__: 'slo:sli_error:ratio_rate30d', ...labels('gcp') }, value: '0.0001' },
  ],
  'slo:sli_error:ratio_rate1h{slo="create-order-availability"}': [
    { metric: { __name__: 'slo:sli_error:ratio_rate1h', ...labels('aws') }, value: '0.002' },
    { metric: { __name__: 'slo:sli_error:ratio_rate1h', ...labels('gcp') }, value: '0' },
  ],
};

describe('faasade slo budget --prometheus', () => {
  let prometheus: Awaited<ReturnType<typeof fakePrometheus>>;
  beforeEach(async () => {
    prometheus = await fakePrometheus(RECORDED);
  });
  afterEach(() => new Promise((resolve) => prometheus.server.close(resolve)));

  it('reads the objective, the window ratio and the burn ratio the rules record, and reports each function and cloud', async () => {
    const { code, stdout, stderr } = await cli([
      'slo',
      'budget',
      '--prometheus',
      prometheus.url,
      '--slo',
      'create-order-availability',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(prometheus.queries).toEqual([
      'slo:objective:ratio{slo="create-order-availability"}',
      'slo:sli_error:ratio_rate30d{slo="create-order-availability"}',
      'slo:sli_error:ratio_rate1h{slo="create-order-availability"}',
    ]);
    expect(stdout).toBe(
      [
        'faas_name=createOrder cloud_provider=aws slo=create-order-availability',
        '  SLO           99.9% over 30d',
        '  spent         50% of the budget (error ratio 0.05%)',
        '  left          50% of the budget',
        '  burn rate     2x over the last 1h',
        '  exhaustion    in 7d 12h at the current burn rate',
        'faas_name=createOrder cloud_provider=gcp slo=create-order-availability',
        '  SLO           99.9% over 30d',
        '  spent         10% of the budget (error ratio 0.01%)',
        '  left          90% of the budget',
        '  burn rate     0x over the last 1h',
        '  exhaustion    never at the current burn rate (nothing is failing)',
        '',
      ].join('\n'),
    );
  });

  it('takes the objective and window from the command line when given, and another burn window', async () => {
    const { code, stdout } = await cli([
      'slo',
      'budget',
      '--prometheus',
      `${prometheus.url}/`,
      '--slo',
      'create-order-availability',
      '--objective',
      '0.9995',
      '--window',
      '30d',
      '--burn-window',
      '1h',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(prometheus.queries).not.toContain('slo:objective:ratio{slo="create-order-availability"}');
    const [aws] = JSON.parse(stdout);
    expect(aws).toMatchObject({
      labels: labels('aws'),
      objective: 0.9995,
      remainingFraction: 0,
      burnRate: 4,
    });
  });

  it('exits 1 when the SLO has no recorded series, saying what to check', async () => {
    const { code, stderr } = await cli([
      'slo',
      'budget',
      '--prometheus',
      prometheus.url,
      '--slo',
      'get-order-availability',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `faasade: ${prometheus.url} has no slo:objective:ratio{slo="get-order-availability"}: are the rules of ` +
        'get-order-availability loaded? (or pass --objective and --window)\n',
    );
  });

  it('exits 1 with the error Prometheus gives', async () => {
    const { code, stderr } = await cli([
      'slo',
      'budget',
      '--prometheus',
      `${prometheus.url}/bad_query`,
      '--slo',
      'x',
      '--objective',
      '0.99',
      '--window',
      '30d',
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^faasade: .*answered 404|^faasade: Prometheus rejected/);
  });

  it('exits 1 when Prometheus cannot be reached', async () => {
    const closed = prometheus.url;
    await new Promise((resolve) => prometheus.server.close(resolve));
    prometheus = await fakePrometheus({});
    const { code, stderr } = await cli([
      'slo',
      'budget',
      '--prometheus',
      closed,
      '--slo',
      'x',
      '--objective',
      '0.99',
      '--window',
      '30d',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(`faasade: cannot reach Prometheus at ${closed}: ECONNREFUSED\n`);
  });
});

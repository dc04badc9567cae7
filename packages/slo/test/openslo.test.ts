import {
  availability,
  defineSlos,
  fromOpenSlo,
  InvalidOpenSloError,
  openSloToConfig,
  toOpenSlo,
  toOpenSloYaml,
} from '@faasade/slo';
import { parse } from 'yaml';
import orders from '../examples/orders.slo';
import { sampleSet } from './support';

/** A single SLO document as another tool might write it, with parts replaced. */
function foreign(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'checkout-availability', ...metadata },
    spec: {
      service: 'shop',
      indicator: {
        metadata: { name: 'checkout-errors' },
        spec: {
          ratioMetric: {
            counter: true,
            bad: {
              metricSource: {
                type: 'Prometheus',
                spec: { query: 'faas_errors_total{faas_name="checkout"}' },
              },
            },
            total: {
              metricSource: {
                type: 'Prometheus',
                spec: { query: 'faas_invocations_total{faas_name="checkout"}' },
              },
            },
          },
        },
      },
      timeWindow: [{ duration: '30d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
      ...spec,
    },
  };
}
const runbook = { runbookUrl: 'https://runbooks.acme.dev/{slo}' };

describe('emitting OpenSLO v1', () => {
  it('writes one SLO per objective with a ratioMetric indicator, a rolling window and the target', () => {
    const documents = toOpenSlo(orders);
    expect(documents[0]).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'Service',
      metadata: { name: 'orders' },
    });
    const slo = documents.find((doc) => doc.metadata.name === 'create-order-availability');
    expect(slo).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      spec: {
        service: 'orders',
        indicator: {
          spec: {
            ratioMetric: {
              counter: true,
              bad: {
                metricSource: {
                  type: 'Prometheus',
                  spec: { query: 'faas_errors_total{faas_name="createOrder"}' },
                },
              },
              total: {
                metricSource: {
                  type: 'Prometheus',
                  spec: { query: 'faas_invocations_total{faas_name="createOrder"}' },
                },
              },
            },
          },
        },
        timeWindow: [{ duration: '30d', isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ target: 0.999 }],
      },
    });
  });

  it('writes latency as good = the bucket at the threshold over total = the histogram count', () => {
    const latency = toOpenSlo(orders).find((doc) => doc.metadata.name === 'get-order-latency-1s');
    expect(latency?.kind === 'SLO' && latency.spec.indicator?.spec.ratioMetric).toEqual({
      counter: true,
      good: {
        metricSource: {
          type: 'Prometheus',
          spec: { query: 'faas_invoke_duration_seconds_bucket{faas_name="getOrder",le="1"}' },
        },
      },
      total: {
        metricSource: {
          type: 'Prometheus',
          spec: { query: 'faas_invoke_duration_seconds_count{faas_name="getOrder"}' },
        },
      },
    });
  });

  it('writes multi-document YAML that parses back to the same documents', () => {
    const yaml = toOpenSloYaml(orders);
    const documents = yaml.split(/^---$/m).map((text) => parse(text));
    expect(documents).toEqual(JSON.parse(JSON.stringify(toOpenSlo(orders))));
  });
});

describe('round trips through OpenSLO', () => {
  it.each([
    ['the orders example', orders],
    [
      'objectives of every kind over 28 days, with renamed labels',
      sampleSet({ window: '28d', labels: { function: 'fn', cloud: 'cloud' } }),
    ],
  ])('gives back the same SLOs for %s, from YAML and from parsed documents', (_, set) => {
    expect(fromOpenSlo(toOpenSloYaml(set))).toEqual(set);
    expect(fromOpenSlo(JSON.parse(JSON.stringify(toOpenSlo(set))))).toEqual(set);
  });

  it('keeps what the options replace on import, such as the runbook', () => {
    const set = fromOpenSlo(toOpenSloYaml(orders), { runbookUrl: 'https://wiki.acme.dev/orders/{slo}' });
    expect(set.slos[0].runbookUrl).toBe('https://wiki.acme.dev/orders/create-order-availability');
  });
});

describe('reading OpenSLO written by other tools', () => {
  it('reads wrapped queries, targetPercent, weeks and an indicatorRef to an SLI document', () => {
    const sli = {
      apiVersion: 'openslo/v1',
      kind: 'SLI',
      metadata: { name: 'checkout-latency' },
      spec: {
        ratioMetric: {
          counter: true,
          good: {
            metricSource: {
              spec: {
                query: 'sum(rate(faas_invoke_duration_seconds_bucket{faas_name="checkout", le="0.5"}[5m]))',
              },
            },
          },
          total: {
            metricSource: {
              spec: { query: 'sum(rate(faas_invoke_duration_seconds_count{faas_name="checkout"}[5m]))' },
            },
          },
        },
      },
    };
    const slo = foreign(
      {
        indicator: undefined,
        indicatorRef: 'checkout-latency',
        timeWindow: [{ duration: '4w', isRolling: true }],
        objectives: [{ targetPercent: 99 }],
      },
      { name: 'checkout-fast' },
    );
    const set = fromOpenSlo(
      [sli, slo, { apiVersion: 'openslo/v1', kind: 'AlertPolicy', metadata: { name: 'x' }, spec: {} }],
      runbook,
    );
    expect(set.slos).toEqual([
      expect.objectContaining({
        id: 'checkout-fast',
        function: 'checkout',
        sli: { kind: 'latency', thresholdSeconds: 0.5 },
        objective: 0.99,
        window: '28d',
      }),
    ]);
  });

  it("reads a query without a function matcher as an objective for every function ('*')", () => {
    const total = { metricSource: { spec: { query: 'faas_invocations_total' } } };
    const bad = { metricSource: { spec: { query: 'faas_coldstarts_total' } } };
    const slo = foreign(
      { indicator: { metadata: { name: 'cold' }, spec: { ratioMetric: { bad, total } } } },
      { name: 'cold' },
    );
    const config = openSloToConfig(slo, runbook);
    expect(Object.keys(config.slos)).toEqual(['*']);
    expect(defineSlos(config).slos[0].sli).toEqual({ kind: 'coldStarts' });
  });

  it.each([
    [
      { budgetingMethod: 'Timeslices' },
      'budgetingMethod "Timeslices" is not supported: faasade counts Occurrences',
    ],
    [
      { timeWindow: [{ duration: '1M', calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' } }] },
      'faasade evaluates rolling windows only',
    ],
    [{ timeWindow: [{ duration: '90d', isRolling: true }] }, 'timeWindow "90d" is not supported'],
    [{ objectives: [{ target: 0.99 }, { target: 0.999 }] }, 'faasade reads exactly one objective per SLO'],
  ])('rejects what faasade does not evaluate: %j', (spec, message) => {
    expect(() => fromOpenSlo(foreign(spec), runbook)).toThrow(message);
  });

  it('rejects an indicator over metrics faasade does not judge, naming the ones it does', () => {
    const total = { metricSource: { spec: { query: 'http_requests_total{job="api"}' } } };
    const bad = { metricSource: { spec: { query: 'http_requests_total{job="api",code=~"5.."}' } } };
    expect(() =>
      fromOpenSlo(
        foreign({ indicator: { metadata: { name: 'x' }, spec: { ratioMetric: { bad, total } } } }),
        runbook,
      ),
    ).toThrow(/reads none of the metrics faasade judges \(faas_invocations_total, faas_errors_total/);
  });

  it('rejects a query narrowed to one cloud, since every cloud is judged on its own already', () => {
    const total = {
      metricSource: { spec: { query: 'faas_invocations_total{faas_name="checkout",cloud_provider="aws"}' } },
    };
    const bad = { metricSource: { spec: { query: 'faas_errors_total{faas_name="checkout"}' } } };
    expect(() =>
      fromOpenSlo(
        foreign({ indicator: { metadata: { name: 'x' }, spec: { ratioMetric: { bad, total } } } }),
        runbook,
      ),
    ).toThrow(/selects cloud_provider="aws"; faasade judges each function on every cloud/);
  });

  it('rejects another apiVersion, and an SLO without a runbook to link its alerts to', () => {
    expect(() => fromOpenSlo({ ...foreign(), apiVersion: 'openslo/v1alpha' }, runbook)).toThrow(
      InvalidOpenSloError,
    );
    expect(() => fromOpenSlo(foreign())).toThrow(/has no runbook/);
  });

  it('rejects YAML it cannot parse, saying which document', () => {
    expect(() => fromOpenSlo('apiVersion: openslo/v1\n---\nkind: [SLO', runbook)).toThrow(/YAML document 2/);
  });

  it('reads the SLOs of one service per file', () => {
    const other = foreign({ service: 'billing' }, { name: 'billing-availability' });
    expect(() => fromOpenSlo([foreign(), other], runbook)).toThrow(/belong to 2 services \(shop, billing\)/);
  });

  it('accepts objectives declared in code and in OpenSLO side by side', () => {
    const config = openSloToConfig(foreign(), runbook);
    const set = defineSlos({
      ...config,
      slos: { ...config.slos, listItems: [availability(0.99)] } as never,
      functions: ['checkout', 'listItems'],
    });
    expect(set.slos.map((slo) => slo.id)).toEqual(['checkout-availability', 'list-items-availability']);
  });
});

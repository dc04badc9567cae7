import {
  availability,
  coldStarts,
  DURATION_BUCKETS_SECONDS,
  defineSlos,
  InvalidDurationError,
  InvalidObjectiveError,
  InvalidSloConfigError,
  InvalidWindowError,
  judgedFunctions,
  LatencyThresholdNotABucketError,
  latency,
  processingSuccess,
  type SloConfig,
} from '@faasade/slo';
import { sampleConfig, sampleSet } from './support';

describe('declaring objectives', () => {
  it('resolves one SLO per function and objective, with readable ids', () => {
    const set = sampleSet();
    expect(set.slos.map((slo) => [slo.id, slo.function, slo.sli.kind, slo.objective])).toEqual([
      ['checkout-availability', 'checkout', 'availability', 0.999],
      ['checkout-latency-250ms', 'checkout', 'latency', 0.95],
      ['send-receipt-processing-success', 'sendReceipt', 'processingSuccess', 0.99],
      ['send-receipt-cold-starts', 'sendReceipt', 'coldStarts', 0.9],
      ['all-cold-starts', '*', 'coldStarts', 0.95],
    ]);
  });

  it('accepts a latency threshold in milliseconds, seconds or as a number of seconds', () => {
    for (const under of ['1s', '1000ms', 1]) {
      const set = defineSlos({
        ...sampleConfig(),
        slos: { checkout: [latency({ under, objective: 0.99 })] },
      });
      expect(set.slos[0].sli).toEqual({ kind: 'latency', thresholdSeconds: 1 });
    }
  });

  it('evaluates over 30 days unless the config or the objective names 28 or 7 days', () => {
    const set = defineSlos({
      ...sampleConfig(),
      window: '28d',
      slos: {
        checkout: [availability(0.999), availability(0.99, { window: '7d', name: 'checkout-weekly' })],
      },
    });
    expect(set.slos.map((slo) => slo.window)).toEqual(['28d', '7d']);
    expect(defineSlos({ ...sampleConfig(), slos: { checkout: [availability(0.999)] } }).slos[0].window).toBe(
      '30d',
    );
  });

  it("lets a function's own objective replace the '*' objective of the same kind", () => {
    const wildcard = sampleSet().slos.find((slo) => slo.id === 'all-cold-starts');
    expect(wildcard?.excludedFunctions).toEqual(['sendReceipt']);
    expect(judgedFunctions(sampleSet(), wildcard!)).toEqual(['checkout', 'listItems']);
  });

  it('fills the runbook template per SLO, and lets an objective carry its own', () => {
    const set = defineSlos({
      ...sampleConfig(),
      slos: {
        checkout: [
          availability(0.999),
          availability(0.99, { name: 'checkout-soft', runbookUrl: 'https://x.dev/soft' }),
        ],
      },
    });
    expect(set.slos.map((slo) => slo.runbookUrl)).toEqual([
      'https://runbooks.acme.dev/shop#checkout-availability',
      'https://x.dev/soft',
    ]);
  });

  it('takes plain data as well, so that a JSON file can declare the same', () => {
    const fromJson = defineSlos(JSON.parse(JSON.stringify(sampleConfig())) as SloConfig);
    expect(fromJson).toEqual(sampleSet());
  });

  it('defaults the label names to the OTLP translation of faas.name and cloud.provider, and lets them be renamed', () => {
    expect(sampleSet().labels).toEqual({ function: 'faas_name', cloud: 'cloud_provider' });
    expect(sampleSet({ labels: { function: 'function_name' } }).labels).toEqual({
      function: 'function_name',
      cloud: 'cloud_provider',
    });
  });
});

describe('rejecting what cannot be measured, with an error that says what is wrong', () => {
  it('rejects an objective outside (0, 1) and suggests the share when a percentage was given', () => {
    expect(() => availability(99.9)).toThrow(InvalidObjectiveError);
    expect(() => availability(99.9)).toThrow(/did you mean 0.999\?/);
    expect(() => availability(1)).toThrow(/no error budget/);
    expect(() => coldStarts({ objective: 0 })).toThrow(
      /coldStarts objective must be a share between 0 and 1/,
    );
  });

  it('rejects a latency threshold that is not a histogram bucket, listing the valid ones', () => {
    expect(() => latency({ under: '300ms', objective: 0.99 })).toThrow(LatencyThresholdNotABucketError);
    expect(() => latency({ under: '300ms', objective: 0.99 })).toThrow(
      'latency threshold 300ms is not a bucket boundary of the faas.invoke_duration histogram, so the share of ' +
        'requests under it cannot be counted; use one of 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, 1s, 2500ms, 5s, 10s',
    );
    expect(DURATION_BUCKETS_SECONDS).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });

  it('rejects a duration it cannot read', () => {
    expect(() => latency({ under: '1 sec', objective: 0.99 })).toThrow(InvalidDurationError);
  });

  it('rejects a window other than 30, 28 or 7 days', () => {
    expect(() => availability(0.999, { window: '14d' as never })).toThrow(InvalidWindowError);
    expect(() => defineSlos(sampleConfig({ window: '90d' as never }))).toThrow(
      'window "90d" is not supported: use a rolling window of 30d, 28d, 7d',
    );
  });

  it('rejects plain data with an unknown kind, naming where it is', () => {
    const slos = { checkout: [{ kind: 'throughput', objective: 0.9 }] } as never;
    expect(() => defineSlos(sampleConfig({ slos }))).toThrow(
      'slos["checkout"][0] has kind "throughput"; use availability, processingSuccess, latency or coldStarts',
    );
  });

  it('rejects plain data that skipped the constructors’ checks', () => {
    const slos = { checkout: [{ kind: 'latency', under: '300ms', objective: 0.9 }] } as never;
    expect(() => defineSlos(sampleConfig({ slos }))).toThrow(LatencyThresholdNotABucketError);
  });

  it('rejects two objectives with the same name', () => {
    const slos = { checkout: [availability(0.999), availability(0.99)] };
    expect(() => defineSlos(sampleConfig({ slos }))).toThrow(
      'two objectives are named "checkout-availability": give one of them another name with { name }',
    );
  });

  it('rejects an objective for a function the service does not list', () => {
    const slos = { refund: [processingSuccess(0.99)] };
    expect(() => defineSlos(sampleConfig({ slos }))).toThrow(InvalidSloConfigError);
    expect(() => defineSlos(sampleConfig({ slos }))).toThrow(/"refund", which is not listed in functions/);
  });

  it('rejects a config without a runbook for its alerts', () => {
    expect(() => defineSlos(sampleConfig({ runbookUrl: undefined }))).toThrow(/has no runbook/);
  });

  it('rejects service and SLO names that cannot be OpenSLO names', () => {
    expect(() => defineSlos(sampleConfig({ service: 'Shop Front' }))).toThrow(
      /service "Shop Front" is not a valid SLO name/,
    );
    expect(() => availability(0.99, { name: 'Checkout_Availability' })).toThrow(InvalidSloConfigError);
  });

  it('rejects label names Prometheus would refuse', () => {
    expect(() => sampleSet({ labels: { function: 'faas.name' } })).toThrow(
      'labels.function "faas.name" is not a Prometheus label name',
    );
  });
});

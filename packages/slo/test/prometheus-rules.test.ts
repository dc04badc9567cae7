import { type AlertingRule, prometheusRuleGroup, type RecordingRule } from '@faasade/slo';
import { sampleSet } from './support';

const set = sampleSet({ window: '28d' });
const group = (id: string) => prometheusRuleGroup(set, set.slos.find((slo) => slo.id === id)!);
const records = (id: string) => group(id).rules.filter((rule): rule is RecordingRule => 'record' in rule);
const alerts = (id: string) => group(id).rules.filter((rule): rule is AlertingRule => 'alert' in rule);

describe('Prometheus recording rules', () => {
  it('record the error ratio over every burn-rate window and the whole window, and the budget as series', () => {
    expect(records('checkout-availability').map((rule) => rule.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_events_bad:rate5m',
      'slo:sli_events_total:rate5m',
      'slo:sli_error:ratio_rate28d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:error_budget_remaining:ratio',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
    ]);
    expect(
      records('checkout-availability').every((rule) => rule.labels?.slo === 'checkout-availability'),
    ).toBe(true);
  });

  it('count 5xx and thrown errors over invocations, per function and cloud, and record nothing without traffic', () => {
    const [ratio5m] = records('checkout-availability');
    expect(ratio5m.expr).toBe(
      '(sum by (faas_name, cloud_provider) (rate(faas_errors_total{faas_name="checkout"}[5m])) or ' +
        '0 * sum by (faas_name, cloud_provider) (rate(faas_invocations_total{faas_name="checkout"}[5m]))) / ' +
        '(sum by (faas_name, cloud_provider) (rate(faas_invocations_total{faas_name="checkout"}[5m])) > 0)',
    );
  });

  it('count invocations slower than the latency threshold from the histogram bucket at that boundary', () => {
    const [ratio5m] = records('checkout-latency-250ms');
    expect(ratio5m.expr).toContain('rate(faas_invoke_duration_seconds_count{faas_name="checkout"}[5m])');
    expect(ratio5m.expr).toContain(
      'rate(faas_invoke_duration_seconds_bucket{faas_name="checkout",le="0.25"}[5m])',
    );
  });

  it("count cold starts over invocations, for '*' on every function but those with their own objective", () => {
    const [ratio5m] = records('all-cold-starts');
    expect(ratio5m.expr).toContain('rate(faas_coldstarts_total{faas_name!~"sendReceipt"}[5m])');
    expect(ratio5m.expr).toContain('rate(faas_invocations_total{faas_name!~"sendReceipt"}[5m])');
  });

  it('use the configured label names', () => {
    const renamed = sampleSet({ labels: { function: 'function_name', cloud: 'cloud' } });
    const [ratio5m] = prometheusRuleGroup(renamed, renamed.slos[0]).rules as RecordingRule[];
    expect(ratio5m.expr).toContain(
      'sum by (function_name, cloud) (rate(faas_errors_total{function_name="checkout"}[5m]))',
    );
  });

  it('keep the budget left, and the burn rate, relative to the objective', () => {
    const byName = Object.fromEntries(
      records('send-receipt-processing-success').map((rule) => [rule.record, rule.expr]),
    );
    expect(byName['slo:objective:ratio']).toBe('vector(0.99)');
    expect(byName['slo:error_budget:ratio']).toBe('vector(0.01)');
    expect(byName['slo:error_budget_remaining:ratio']).toBe(
      '1 - slo:sli_error:ratio_rate28d{slo="send-receipt-processing-success"} / 0.01',
    );
    expect(byName['slo:current_burn_rate:ratio']).toBe(
      'slo:sli_error:ratio_rate1h{slo="send-receipt-processing-success"} / 0.01',
    );
  });
});

describe('Prometheus burn-rate alerts', () => {
  it('page on the 1h/5m and 6h/30m pairs and ticket on the 1d/2h and 3d/6h pairs, scaled to a 28-day window', () => {
    const [page, ticket] = alerts('checkout-availability');
    expect(page.alert).toBe('CheckoutAvailabilityFastBurn');
    expect(page.expr).toBe(
      [
        '(',
        '  slo:sli_error:ratio_rate1h{slo="checkout-availability"} > (13.44 * 0.001)',
        'and',
        '  slo:sli_error:ratio_rate5m{slo="checkout-availability"} > (13.44 * 0.001)',
        ')',
        'or',
        '(',
        '  slo:sli_error:ratio_rate6h{slo="checkout-availability"} > (5.6 * 0.001)',
        'and',
        '  slo:sli_error:ratio_rate30m{slo="checkout-availability"} > (5.6 * 0.001)',
        ')',
      ].join('\n'),
    );
    expect(ticket.alert).toBe('CheckoutAvailabilitySlowBurn');
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate1d{slo="checkout-availability"} > (2.8 * 0.001)');
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate2h{slo="checkout-availability"} > (2.8 * 0.001)');
    expect(ticket.expr).toContain(
      'slo:sli_error:ratio_rate3d{slo="checkout-availability"} > (0.9333 * 0.001)',
    );
    expect(ticket.expr).toContain(
      'slo:sli_error:ratio_rate6h{slo="checkout-availability"} > (0.9333 * 0.001)',
    );
  });

  it('carry the severity, the SLO, the function, a summary and the runbook', () => {
    const [page, ticket] = alerts('all-cold-starts');
    expect(page.labels).toEqual({ severity: 'page', slo: 'all-cold-starts', service: 'shop' });
    expect(ticket.labels.severity).toBe('ticket');
    expect(Object.keys(page.annotations)).toEqual(['summary', 'description', 'function', 'runbook_url']);
    expect(page.annotations.function).toBe('{{ $labels.faas_name }}');
    expect(page.annotations.summary).toBe(
      '{{ $labels.faas_name }} on {{ $labels.cloud_provider }}: warm starts 95% over 28d is burning its error budget fast',
    );
    expect(page.annotations.runbook_url).toBe('https://runbooks.acme.dev/shop#all-cold-starts');
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availability, renderSloFiles } from '@faasade/slo';
import { promtool, writeTree } from './promtool';
import { sampleSet } from './support';

// promtool evaluates every rule once a minute over hours of synthetic series: seconds per SLO.
jest.setTimeout(180_000);

function checkAndTest(root: string) {
  const dir = join(root, 'prometheus');
  const files = readdirSync(dir);
  const rules = files.filter((file) => file.endsWith('.rules.yml'));
  const tests = files.filter((file) => file.endsWith('.rules.test.yml'));
  return {
    dir,
    rules,
    tests,
    check: promtool(['check', 'rules', ...rules], dir),
    test: promtool(['test', 'rules', ...tests], dir),
  };
}

describe('the generated rules, run by promtool', () => {
  it('are valid and pass their unit tests for the orders example (30-day window)', () => {
    const { rules, tests, check, test } = checkAndTest(join(__dirname, '../examples/generated'));
    expect(rules).toHaveLength(10);
    expect(tests).toHaveLength(10);
    expect(check).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 17 rules found') });
    expect(test.output).not.toContain('FAILED');
    expect(test.status).toBe(0);
  });

  it('are valid and pass their unit tests over 28 and 7 days, with renamed labels and a partly overridden "*"', () => {
    const set = sampleSet({ window: '28d', labels: { function: 'function_name', cloud: 'cloud' } });
    const weekly = sampleSet({
      slos: { checkout: [availability(0.995, { window: '7d', name: 'checkout-weekly' })] },
    });
    const { rules, check, test } = checkAndTest(
      writeTree({ ...renderSloFiles(set), ...renderSloFiles(weekly) }),
    );
    expect(rules).toHaveLength(6);
    expect(check.status).toBe(0);
    expect(test.output).not.toContain('FAILED');
    expect(test.status).toBe(0);
  });

  it('fail their unit tests when a page threshold is wrong, so the tests can tell', () => {
    const root = writeTree(renderSloFiles(sampleSet()));
    const file = join(root, 'prometheus/checkout-availability.rules.yml');
    // Ten times too high: the fast burn of the test no longer reaches it.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('(14.4 * 0.001)', '(144 * 0.001)'));
    const result = promtool(
      ['test', 'rules', 'checkout-availability.rules.test.yml'],
      join(root, 'prometheus'),
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('alertname: CheckoutAvailabilityFastBurn');
  });
});

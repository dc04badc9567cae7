import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderSloFiles, sloWarnings } from '@faasade/slo';
import orders from '../examples/orders.slo';

const GENERATED = join(__dirname, '../examples/generated');
const REGENERATE =
  'npm run build && npx faasade slo generate --config packages/slo/examples/orders.slo.ts --out packages/slo/examples/generated';

function committedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? committedFiles(path) : [relative(GENERATED, path)];
  });
}

describe('the orders example', () => {
  it('declares availability and p99 latency for the HTTP API, processing success for the queue and cold starts for all', () => {
    expect(orders.slos.map((slo) => `${slo.id} ${slo.objective}`)).toEqual([
      'create-order-availability 0.999',
      'create-order-latency-1s 0.99',
      'get-order-availability 0.999',
      'get-order-latency-1s 0.99',
      'get-inventory-availability 0.999',
      'get-inventory-latency-1s 0.99',
      'restock-availability 0.999',
      'restock-latency-1s 0.99',
      'process-order-processing-success 0.99',
      'all-cold-starts 0.95',
    ]);
    expect(sloWarnings(orders)).toEqual([]);
  });

  it('has its generated files committed and up to date', () => {
    const expected = renderSloFiles(orders);
    const committed = committedFiles(GENERATED).sort();
    const stale = Object.keys(expected).filter(
      (path) => !committed.includes(path) || readFileSync(join(GENERATED, path), 'utf8') !== expected[path],
    );
    const extra = committed.filter((path) => !(path in expected));
    if (stale.length > 0 || extra.length > 0) {
      throw new Error(
        `packages/slo/examples/generated is out of date (${[...stale, ...extra].join(', ')}); regenerate it with:\n  ${REGENERATE}`,
      );
    }
    expect(committed).toEqual(Object.keys(expected).sort());
  });
});

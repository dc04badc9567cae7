import { randomUUID } from 'node:crypto';
import { IdempotencyInProgressError, idempotent } from '@faasade/core/idempotency';
import { azureTableStore } from '../support/azurite';
import { dynamoDbStore } from '../support/dynalite';
import type { StoreHarness } from '../support/harness';
import { gate, runInvocation } from '../support/invocation';
import { memoryStore } from '../support/memory';
import { redisStore } from '../support/redis';
import { post } from './requests';

jest.setTimeout(60_000);

const DUPLICATES = 50;

describe.each([memoryStore, redisStore, dynamoDbStore, azureTableStore])(
  'idempotency on $name',
  (factory) => {
    let harness: StoreHarness;
    beforeAll(async () => {
      harness = await factory.start();
    });
    afterAll(() => harness?.close());

    /** One wrapped handler per simulated function instance, each with its own store client. */
    function instances(handler: () => Promise<unknown>) {
      return Array.from({ length: DUPLICATES }, () => idempotent(handler, { store: harness.client() }));
    }

    it(`runs the handler exactly once for ${DUPLICATES} concurrent duplicates, turning the rest away with 409`, async () => {
      const key = randomUUID();
      const finish = gate();
      // Opens when every duplicate has been turned away, or as soon as a second run would show the bug.
      const decided = gate();
      let runs = 0;
      let turnedAway = 0;
      const handlers = instances(async () => {
        if (++runs > 1) decided.open();
        await finish.wait;
        return { orderId: 'o-1' };
      });

      const outcomes = handlers.map((handler) =>
        runInvocation((ctx) => handler(post({ sku: 'A', qty: 1 }, key), ctx)).then(
          (value) => ({ value }),
          (error: unknown) => {
            if (++turnedAway === DUPLICATES - 1) decided.open();
            return { error };
          },
        ),
      );
      await decided.wait;
      finish.open();
      const results = await Promise.all(outcomes);

      expect(runs).toBe(1);
      expect(results.filter((r) => 'value' in r)).toEqual([{ value: { orderId: 'o-1' } }]);
      for (const r of results.filter((r) => 'error' in r))
        expect(r.error).toBeInstanceOf(IdempotencyInProgressError);

      const replays = await Promise.all(
        handlers.map((handler) => runInvocation((ctx) => handler(post({ sku: 'A', qty: 1 }, key), ctx))),
      );
      expect(replays).toEqual(Array(DUPLICATES).fill({ orderId: 'o-1' }));
      expect(runs).toBe(1);
    });

    it(`runs the handler exactly once for ${DUPLICATES} concurrent duplicates of a quick handler`, async () => {
      const key = randomUUID();
      let runs = 0;
      const handlers = instances(async () => ({ orderId: `o-${++runs}` }));

      const results = await Promise.allSettled(
        handlers.map((handler) => runInvocation((ctx) => handler(post({ sku: 'A', qty: 1 }, key), ctx))),
      );

      expect(runs).toBe(1);
      for (const r of results) {
        if (r.status === 'fulfilled') expect(r.value).toEqual({ orderId: 'o-1' });
        else expect(r.reason).toBeInstanceOf(IdempotencyInProgressError);
      }
    });
  },
);

import { memoryStore } from '../support/memory';
import { describeStateStore } from './describe-state-store';

describeStateStore(memoryStore);

describe('the in-memory harness itself', () => {
  it('gives each start its own store: a key written in one is not in another', async () => {
    const a = await memoryStore.start();
    const b = await memoryStore.start();
    try {
      await a.client().put('k', 1);
      expect((await a.client().get('k'))?.value).toBe(1);
      expect(await b.client().get('k')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

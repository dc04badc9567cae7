import { InMemoryStateStore } from '@faasade/core/state';
import type { StoreHarness, StoreHarnessFactory } from './harness';

/** The in-memory store on a fake clock: its "clients" are one instance, as in one function. */
export const memoryStore: StoreHarnessFactory = {
  name: 'InMemoryStateStore',
  async start(): Promise<StoreHarness> {
    let now = Date.UTC(2030, 0, 1);
    const store = new InMemoryStateStore({ clock: () => now });
    return {
      client: () => store,
      async elapse(ms) {
        now += ms;
      },
      close: () => store.close(),
    };
  },
};

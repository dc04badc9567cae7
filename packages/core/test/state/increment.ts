import type { StateStore } from '@faasade/core/state';
import { sleep } from '../support/harness';

/**
 * Adds one to the number under `key` with optimistic concurrency: read, compare-and-set, and
 * on a conflict start again from the record the store returned. A short random pause after a
 * conflict keeps 50 contenders from retrying in lockstep.
 */
export async function incrementWithRetry(store: StateStore, key: string): Promise<void> {
  let current = await store.get<number>(key);
  for (;;) {
    const next = (current?.value ?? 0) + 1;
    const result = await store.put(key, next, { ifVersion: current?.version ?? null });
    if (result.ok) return;
    current = result.current;
    await sleep(Math.random() * 5);
  }
}

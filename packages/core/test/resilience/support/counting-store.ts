import type { PutOptions, PutResult, StateStore, StoredRecord } from '@faasade/core/state';

/** A store that counts the calls made to the one it wraps, and can be made to fail. */
export class CountingStore implements StateStore {
  gets = 0;
  puts = 0;
  failing: Error | undefined;

  constructor(private readonly inner: StateStore) {}

  get calls(): number {
    return this.gets + this.puts;
  }

  async get<T = unknown>(key: string): Promise<StoredRecord<T> | undefined> {
    this.gets++;
    if (this.failing) throw this.failing;
    return this.inner.get<T>(key);
  }

  async put<T = unknown>(key: string, value: T, options?: PutOptions): Promise<PutResult<T>> {
    this.puts++;
    if (this.failing) throw this.failing;
    return this.inner.put(key, value, options);
  }

  delete(key: string, options?: { ifVersion?: string }): Promise<boolean> {
    return this.inner.delete(key, options);
  }
}

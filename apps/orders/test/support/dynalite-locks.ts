/**
 * Which requests hold which items, with the conflict rules DynamoDB documents for transactions:
 * a transaction touching an item another transaction holds is cancelled (`TransactionConflict`),
 * and so is a single write to it (`TransactionConflictException`). Reads never conflict.
 *
 * Keys are strings naming a table and an item. A transaction takes its items at once, then
 * waits for the reads and single writes dynalite is serving on them to finish before it writes:
 * so no read sees it half done, and undoing it never undoes a single write.
 *
 * @example
 * ```ts
 * const locks = new ItemLocks();
 * const item = JSON.stringify(['inventory', { S: 'apple' }]);
 * console.log(locks.holdForTransaction([item])); // undefined: held
 * console.log(locks.holdForTransaction([item])); // [0]: TransactionConflict on action 0
 * console.log(locks.holdForWrite(item)); // false: TransactionConflictException
 * locks.releaseTransaction([item]);
 * ```
 */
export class ItemLocks {
  private readonly transactions = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private wakeUps: (() => void)[] = [];
  private readonly conflictListeners: ((key: string) => void)[] = [];

  /** Calls `listener` with the key of every conflict reported, until the returned function is called. */
  onConflict(listener: (key: string) => void): () => void {
    this.conflictListeners.push(listener);
    return () => {
      this.conflictListeners.splice(this.conflictListeners.indexOf(listener), 1);
    };
  }

  heldByTransaction(key: string): boolean {
    return this.transactions.has(key);
  }

  /** For a single write: holds its key, or returns false when a transaction holds it. */
  holdForWrite(key: string): boolean {
    if (this.transactions.has(key)) {
      this.reportConflict(key);
      return false;
    }
    this.hold([key]);
    return true;
  }

  /** For a read that dynalite must serve: waits until no transaction holds the keys, then holds them. */
  async holdForRead(keys: string[]): Promise<void> {
    while (keys.some((k) => this.transactions.has(k))) await this.change();
    this.hold(keys);
  }

  /** Ends a read or single write. */
  release(keys: string[]): void {
    for (const key of keys) {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    }
    this.wake();
  }

  /**
   * For a transaction: holds every key, or returns the indexes of the keys another transaction
   * holds (and then holds none).
   */
  holdForTransaction(keys: string[]): number[] | undefined {
    const held = keys.flatMap((k, i) => (this.transactions.has(k) ? [i] : []));
    if (held.length > 0) {
      for (const i of held) this.reportConflict(keys[i]);
      return held;
    }
    for (const key of keys) this.transactions.add(key);
    return undefined;
  }

  /** Resolves once the reads and single writes of the keys in flight have finished. */
  async drained(keys: string[]): Promise<void> {
    while (keys.some((k) => this.inFlight.has(k))) await this.change();
  }

  releaseTransaction(keys: string[]): void {
    for (const key of keys) this.transactions.delete(key);
    this.wake();
  }

  private hold(keys: string[]): void {
    for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
  }

  private reportConflict(key: string): void {
    for (const listener of this.conflictListeners) listener(key);
  }

  /** Resolves at the next release; waiters then look again (there are few, so this is cheap). */
  private change(): Promise<void> {
    return new Promise((resolve) => this.wakeUps.push(resolve));
  }

  private wake(): void {
    const wakeUps = this.wakeUps;
    this.wakeUps = [];
    for (const wakeUp of wakeUps) wakeUp();
  }
}

/**
 * Time that moves only when a test says so. `sleep` records each delay and advances the clock
 * by it at once, so retry tests assert which delays were asked for, never how long they took.
 */
export class FakeClock {
  readonly sleeps: number[] = [];

  constructor(public time: number = Date.UTC(2030, 0, 1)) {}

  readonly now = (): number => this.time;

  /** The `clock` and `sleep` options of a policy, driven by this clock. */
  get options(): { clock: () => number; sleep: (ms: number, signal: AbortSignal) => Promise<void> } {
    return { clock: this.now, sleep: this.sleep };
  }

  advance(ms: number): void {
    this.time += ms;
  }

  readonly sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.time += ms;
  };
}

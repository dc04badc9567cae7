import fc from 'fast-check';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  type CircuitState,
  circuitBreaker,
  consecutive,
} from '@faasade/core/resilience';
import { InMemoryStateStore } from '@faasade/core/state';
import { FakeClock } from './support/fake-clock';

/**
 * Model-based test of the breaker's state machine. Two instances share one store and read it on
 * every call (cacheTtlMs 0), so together they must behave exactly like one textbook breaker:
 * the model below. Commands call through either instance with a success, a counted failure or
 * a neutral (client) error, or let time pass.
 */

type Verdict = 'success' | 'failure' | 'neutral';

interface Model {
  state: CircuitState;
  failures: number;
  halfOpenAt: number;
  now: number;
  readonly threshold: number;
  readonly openMs: number;
}

interface Real {
  clock: FakeClock;
  instances: CircuitBreakerPolicy[];
  /** Transitions this system made, in order (each instance reports only its own). */
  transitions: CircuitState[];
}

const LEGAL: Record<CircuitState, CircuitState[]> = {
  closed: ['open'],
  open: ['halfOpen'],
  halfOpen: ['closed', 'open'],
};

function expectLegal(transitions: CircuitState[]): void {
  let from: CircuitState = 'closed';
  for (const to of transitions) {
    if (!LEGAL[from].includes(to))
      throw new Error(`illegal transition ${from} -> ${to} in ${transitions.join(', ')}`);
    from = to;
  }
}

const operation: Record<Verdict, () => Promise<string>> = {
  success: async () => 'ok',
  failure: () => Promise.reject(Object.assign(new Error('Service Unavailable'), { status: 503 })),
  neutral: () => Promise.reject(Object.assign(new Error('Bad Request'), { status: 400 })),
};

class CallCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly instance: number,
    readonly verdict: Verdict,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    // Every call takes a millisecond: instances' clocks cannot order two events of the same one.
    model.now += 1;
    real.clock.advance(1);
    const expected = this.predict(model);
    let actual: string;
    try {
      await real.instances[this.instance].execute(operation[this.verdict]);
      actual = 'ran';
    } catch (error) {
      actual = error instanceof BrokenCircuitError ? 'rejected' : 'ran';
    }
    if (actual !== expected) throw new Error(`expected the call to be ${expected}, it was ${actual}`);
    const state = real.instances[this.instance].state;
    if (state !== model.state) throw new Error(`expected ${model.state}, the breaker is ${state}`);
    expectLegal(real.transitions);
  }

  /** Moves the model and says whether the call runs or is rejected. */
  private predict(model: Model): 'ran' | 'rejected' {
    if (model.state === 'closed') {
      if (this.verdict === 'success') model.failures = 0;
      if (this.verdict === 'failure' && ++model.failures >= model.threshold) this.open(model);
      return 'ran';
    }
    if (model.state === 'open' && model.now < model.halfOpenAt) return 'rejected';
    // A trial call.
    if (this.verdict === 'success') {
      model.state = 'closed';
      model.failures = 0;
    } else if (this.verdict === 'failure') this.open(model);
    else model.state = 'halfOpen';
    return 'ran';
  }

  private open(model: Model): void {
    model.state = 'open';
    model.failures = 0;
    model.halfOpenAt = model.now + model.openMs;
  }

  toString(): string {
    return `call(${this.instance}, ${this.verdict})`;
  }
}

class AdvanceCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    real.clock.advance(this.ms);
  }

  toString(): string {
    return `advance(${this.ms})`;
  }
}

const commands = fc.commands(
  [
    fc
      .tuple(
        fc.integer({ min: 0, max: 1 }),
        fc.constantFrom<Verdict>('success', 'failure', 'failure', 'neutral'),
      )
      .map(([instance, verdict]) => new CallCommand(instance, verdict)),
    fc.integer({ min: 1, max: 3_000 }).map((ms) => new AdvanceCommand(ms)),
  ],
  { maxCommands: 60 },
);

describe('circuitBreaker state machine (model-based)', () => {
  it('matches a single textbook breaker and never makes an illegal transition', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5_000 }),
        commands,
        async (threshold, openMs, cmds) => {
          const clock = new FakeClock();
          const store = new InMemoryStateStore({ clock: clock.now });
          const transitions: CircuitState[] = [];
          const key = `model-${++run}`;
          const instances = [0, 1].map(() => {
            const breaker = circuitBreaker({
              key,
              store,
              breaker: consecutive(threshold),
              halfOpenAfter: openMs,
              cacheTtlMs: 0,
              clock: clock.now,
            });
            for (const on of [breaker.onBreak, breaker.onHalfOpen, breaker.onReset]) {
              on((e) => {
                if (e.origin === 'local' && e.state !== undefined) transitions.push(e.state);
              });
            }
            return breaker;
          });
          const model: Model = {
            state: 'closed',
            failures: 0,
            halfOpenAt: 0,
            now: clock.now(),
            threshold,
            openMs,
          };
          await fc.asyncModelRun(() => ({ model, real: { clock, instances, transitions } }), cmds);
        },
      ),
      { numRuns: 200 },
    );
  });
});

import type { BreakerStrategy, CircuitSnapshot, Lease } from './types';

/**
 * The circuit's state machine as pure functions of a {@link CircuitSnapshot}: the store holds the
 * snapshot, and each instance applies one of these inside a compare-and-set. Legal moves:
 * closed → open (counts), open → halfOpen (first lease), halfOpen → closed (a trial succeeded),
 * halfOpen → open (a trial failed). Anything else returns the snapshot unchanged.
 */

/** Open duration for the `opens`-th open in a row, given the previous one. */
export type OpenDuration = (opens: number, lastOpenMs: number) => number;

export function closedSnapshot(strategy: BreakerStrategy, since: number): CircuitSnapshot {
  return {
    state: 'closed',
    kind: strategy.kind,
    since,
    halfOpenAt: 0,
    opens: 0,
    lastOpenMs: 0,
    leases: [],
    counts: strategy.empty(),
  };
}

/** Leases that have not lapsed at `now`. */
export function liveLeases(leases: readonly Lease[], now: number): readonly Lease[] {
  return leases.every((lease) => lease.until > now) ? leases : leases.filter((lease) => lease.until > now);
}

function opened(
  s: CircuitSnapshot,
  strategy: BreakerStrategy,
  now: number,
  openFor: OpenDuration,
  leases: readonly Lease[],
): CircuitSnapshot {
  const opens = s.opens + 1;
  const ms = Math.max(0, openFor(opens, s.lastOpenMs));
  return {
    ...s,
    state: 'open',
    since: now,
    halfOpenAt: now + ms,
    opens,
    lastOpenMs: ms,
    leases,
    counts: strategy.empty(),
  };
}

/**
 * Adds an instance's unsynced counts. Counts only matter while closed: an open circuit already
 * knows the dependency is failing, and a circuit that closes again starts from nothing.
 */
export function applyCounts(
  s: CircuitSnapshot,
  strategy: BreakerStrategy,
  delta: unknown,
  now: number,
  openFor: OpenDuration,
): CircuitSnapshot {
  if (s.state !== 'closed' || strategy.isEmpty(delta)) return s;
  const counts = strategy.merge(s.counts, delta, now, s.since);
  if (strategy.shouldOpen(counts, now)) return opened(s, strategy, now, openFor, liveLeases(s.leases, now));
  return { ...s, counts };
}

/** Why a call was refused, and for how long the refusal is known to hold. */
export interface Refusal {
  readonly state: 'open' | 'halfOpen';
  readonly retryAfterMs: number;
}

/**
 * Takes a trial slot: possible once an open circuit's `halfOpenAt` has passed and while fewer
 * than `maxCalls` unexpired leases exist. A closed circuit needs no lease (`undefined`).
 */
export function acquireLease(
  s: CircuitSnapshot,
  lease: Lease,
  maxCalls: number,
  now: number,
): { next: CircuitSnapshot } | { refused: Refusal } | undefined {
  if (s.state === 'closed') return undefined;
  if (s.state === 'open' && now < s.halfOpenAt) {
    return { refused: { state: 'open', retryAfterMs: s.halfOpenAt - now } };
  }
  const leases = liveLeases(s.leases, now);
  if (leases.length >= maxCalls) {
    const firstLapse = Math.min(...leases.map((l) => l.until));
    return { refused: { state: 'halfOpen', retryAfterMs: firstLapse - now } };
  }
  const since = s.state === 'halfOpen' ? s.since : now;
  return { next: { ...s, state: 'halfOpen', since, leases: [...leases, lease] } };
}

function without(leases: readonly Lease[], id: string, now: number): readonly Lease[] {
  return liveLeases(leases, now).filter((lease) => lease.id !== id);
}

function holds(s: CircuitSnapshot, id: string): boolean {
  return s.leases.some((lease) => lease.id === id);
}

/** A trial succeeded: the circuit closes, if it is still half-open and the lease is still held. */
export function trialSucceeded(
  s: CircuitSnapshot,
  strategy: BreakerStrategy,
  id: string,
  now: number,
): CircuitSnapshot {
  if (!holds(s, id)) return s;
  if (s.state !== 'halfOpen') return { ...s, leases: without(s.leases, id, now) };
  return { ...closedSnapshot(strategy, now), leases: without(s.leases, id, now) };
}

/**
 * A trial failed: the circuit opens again for the next open duration. Other trials keep their
 * leases, so that slots still running are counted in the next half-open period too.
 */
export function trialFailed(
  s: CircuitSnapshot,
  strategy: BreakerStrategy,
  id: string,
  now: number,
  openFor: OpenDuration,
): CircuitSnapshot {
  if (!holds(s, id)) return s;
  if (s.state !== 'halfOpen') return { ...s, leases: without(s.leases, id, now) };
  return opened(s, strategy, now, openFor, without(s.leases, id, now));
}

/** A trial ended without a verdict (a client error, a cancellation): its slot is freed. */
export function releaseLease(s: CircuitSnapshot, id: string, now: number): CircuitSnapshot {
  return holds(s, id) ? { ...s, leases: without(s.leases, id, now) } : s;
}

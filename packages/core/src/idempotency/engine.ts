import type { ContextLogger } from '../context/context';
import { currentScope } from '../context/scope';
import type { StateStore, StoredRecord } from '../state/types';
import { IdempotencyInProgressError, IdempotencyPayloadMismatchError } from './errors';
import type { IdempotencyRecord } from './record';
import type { ResultCodec } from './result';

/** Completed results are replayed for an hour unless `ttl` says otherwise. */
export const DEFAULT_TTL_MS = 60 * 60_000;
/** Without an invocation deadline, a crashed attempt blocks its key for this long. */
export const DEFAULT_IN_PROGRESS_TTL_MS = 60_000;

/** A claim that vanished before it could be read (a failed attempt deleted it) is tried again this often. */
const MAX_CLAIMS = 5;

export interface Execution<R> {
  store: StateStore;
  /** The store key: namespaced and hashed already. */
  key: string;
  /** SHA-256 of the canonical payload; undefined when payload validation is off. */
  fingerprint: string | undefined;
  ttlMs: number;
  inProgressTtlMs: number;
  /** The invocation's deadline when the caller knows it better than the current scope does. */
  deadline: number | undefined;
  log: ContextLogger | undefined;
  codec: ResultCodec<R>;
}

/**
 * Runs `fn` at most once per key: claim the key with a create-if-absent INPROGRESS record, run,
 * then swap the record to COMPLETED with the result (compare-and-set on the claim's version). A
 * duplicate gets the stored result, or {@link IdempotencyInProgressError} while the first runs.
 */
export async function execute<R>(execution: Execution<R>, fn: () => Promise<R>): Promise<R> {
  const { store, key, fingerprint, codec } = execution;
  const claim = await claimOrReplay(execution);
  if (claim.replay) return claim.result;

  let result: R;
  try {
    result = await fn();
  } catch (error) {
    await release(execution, claim.version);
    throw error;
  }
  const stored = await codec.encode(result);
  if (!codec.cacheable(stored)) {
    await release(execution, claim.version);
    return codec.decode(stored);
  }
  const completed: IdempotencyRecord = { status: 'COMPLETED', completedAt: Date.now(), result: stored };
  if (fingerprint !== undefined) completed.fingerprint = fingerprint;
  try {
    // If the swap fails, our claim expired and another attempt owns the key now: leave it be.
    await store.put(key, completed, { ifVersion: claim.version, ttlMs: execution.ttlMs });
  } catch (error) {
    // The work is done; failing the caller now would only make it retry work that succeeded.
    // The INPROGRESS record expires at the deadline, after which a duplicate runs again.
    execution.log?.warn('idempotency: could not store the result; duplicates will run again', { error });
  }
  return codec.decode(stored);
}

type Claim<R> = { replay: false; version: string } | { replay: true; result: R };

async function claimOrReplay<R>(execution: Execution<R>): Promise<Claim<R>> {
  const { store, key, fingerprint, codec } = execution;
  const inProgress: IdempotencyRecord = { status: 'INPROGRESS', startedAt: Date.now() };
  if (fingerprint !== undefined) inProgress.fingerprint = fingerprint;
  for (let attempt = 0; attempt < MAX_CLAIMS; attempt++) {
    const claimed = await store.put(key, inProgress, { ifVersion: null, ttlMs: inProgressTtlMs(execution) });
    if (claimed.ok) return { replay: false, version: claimed.version };
    const current = claimed.current as StoredRecord<IdempotencyRecord> | undefined;
    if (current === undefined) continue;
    const record = current.value;
    if (fingerprint !== undefined && record.fingerprint !== undefined && record.fingerprint !== fingerprint) {
      throw new IdempotencyPayloadMismatchError();
    }
    if (record.status === 'COMPLETED') return { replay: true, result: codec.decode(record.result) };
    throw new IdempotencyInProgressError(retryAfterSeconds(current.expiresAt));
  }
  // The key keeps being claimed and released under us: another attempt is busy with it.
  throw new IdempotencyInProgressError(1);
}

/** Deletes our claim so that a retry can run; only ours (by version), never a newer attempt's. */
async function release<R>(execution: Execution<R>, version: string): Promise<void> {
  try {
    await execution.store.delete(execution.key, { ifVersion: version });
  } catch (error) {
    // The caller's own error matters more; the claim expires at the deadline anyway.
    execution.log?.warn('idempotency: could not release the key after a failure', { error });
  }
}

/** Until the invocation's deadline: after it the platform has stopped this attempt for sure. */
function inProgressTtlMs<R>(execution: Execution<R>): number {
  const deadline = currentScope()?.ctx?.deadline ?? execution.deadline;
  if (deadline === undefined) return execution.inProgressTtlMs;
  return Math.max(1, deadline - Date.now());
}

function retryAfterSeconds(expiresAt: number | undefined): number {
  if (expiresAt === undefined) return 1;
  return Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000));
}

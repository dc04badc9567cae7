import type { InvocationScope, TraceIds } from '../context/scope';
import type { LineBuffer } from './buffer';
import { type FieldEntry, FieldSet } from './fields';
import { type Redactor, redactorFor } from './redaction/redactor';

let trustedRedactor: Redactor | undefined;
/** A redactor that changes nothing, for values the framework itself made. */
function trusted(): Redactor {
  return (trustedRedactor ??= redactorFor(false));
}

/** A logger's bindings merged with one invocation's fields, and what they were built from. */
interface Prefix {
  readonly keys: FieldSet;
  readonly traceId: string | undefined;
  readonly spanId: string | undefined;
  readonly fields: FieldSet;
}

/** Past this many distinct loggers in one invocation, the prefix cache starts over. */
const PREFIX_CACHE_LIMIT = 32;

/**
 * What the logger keeps for one invocation, in `scope.logState`. It lives and dies with the
 * scope, so buffered lines and keys can not outlive their invocation or leak into another.
 */
export class InvocationLogState {
  /**
   * One uniform draw per invocation. A logger with sample rate `p` logs debug for this
   * invocation when `draw < p`: decided once, and consistent across all loggers.
   */
  readonly draw: number = Math.random();
  /** Lines below the threshold, created on first use. */
  buffer: LineBuffer | undefined;
  /** `scope.logKeys`, serialised, and the object it was serialised from. */
  keys: FieldSet = FieldSet.empty;
  keysSource: Record<string, unknown> | undefined;
  private readonly prefixes = new Map<FieldSet, Prefix>();

  /**
   * The fields every line of `bindings`' logger carries in this invocation: the scope's fields,
   * the trace ids, the logger's bindings and the invocation keys, later ones winning. Cached per
   * logger until the keys or the active span change.
   */
  prefix(scope: InvocationScope, bindings: FieldSet, trace: TraceIds | undefined, r: Redactor): FieldSet {
    this.syncKeys(scope, r);
    const cached = this.prefixes.get(bindings);
    if (
      cached !== undefined &&
      cached.keys === this.keys &&
      cached.traceId === trace?.traceId &&
      cached.spanId === trace?.spanId
    ) {
      return cached.fields;
    }
    // The pipeline's own fields (names, ids, flags) and hex trace ids can hold no secret: they skip
    // the secret scan, the most expensive part of a line (~5 us an invocation on the AWS path).
    const context: FieldEntry[] = FieldSet.of(scope.logFields, trusted());
    if (trace !== undefined)
      context.push(...FieldSet.of({ traceId: trace.traceId, spanId: trace.spanId }, trusted()));
    const fields = FieldSet.merge([context, bindings.entries, this.keys.entries]);
    if (this.prefixes.size >= PREFIX_CACHE_LIMIT) this.prefixes.clear();
    this.prefixes.set(bindings, { keys: this.keys, traceId: trace?.traceId, spanId: trace?.spanId, fields });
    return fields;
  }

  /**
   * Adds invocation keys. `scope.logKeys` is replaced, never changed in place, so that the
   * serialised copy here can tell by identity whether it is still current.
   */
  appendKeys(scope: InvocationScope, keys: Record<string, unknown>, r: Redactor): void {
    this.syncKeys(scope, r);
    this.keys = this.keys.with(keys, r);
    this.keysSource = scope.logKeys = { ...scope.logKeys, ...keys };
  }

  /** Removes invocation keys. */
  removeKeys(scope: InvocationScope, names: readonly string[], r: Redactor): void {
    this.syncKeys(scope, r);
    const next = { ...scope.logKeys };
    for (const name of names) delete next[name];
    this.keys = this.keys.without(names);
    this.keysSource = scope.logKeys = next;
  }

  private syncKeys(scope: InvocationScope, r: Redactor): void {
    if (scope.logKeys === this.keysSource) return;
    // Someone other than appendKeys replaced the keys (the pipeline may): read them again.
    this.keysSource = scope.logKeys;
    this.keys = scope.logKeys === undefined ? FieldSet.empty : FieldSet.empty.with(scope.logKeys, r);
  }
}

/** The logger state of an invocation, created on first use. */
export function stateOf(scope: InvocationScope): InvocationLogState {
  const state = scope.logState;
  if (state instanceof InvocationLogState) return state;
  const created = new InvocationLogState();
  scope.logState = created;
  return created;
}

/**
 * The base of every error this package throws for a declaration it cannot accept. They are
 * mistakes in the input, so a CLI reports their message and exits with a usage error, without a
 * stack trace.
 */
export class SloError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An objective target outside (0, 1), or not a number. */
export class InvalidObjectiveError extends SloError {}

/** A window other than the supported rolling windows. */
export class InvalidWindowError extends SloError {}

/** A duration string that cannot be read, such as `'1 sec'`. */
export class InvalidDurationError extends SloError {}

/** A latency threshold that is not one of the duration histogram's bucket boundaries. */
export class LatencyThresholdNotABucketError extends SloError {}

/** An SLO configuration that is malformed: a missing service, an unknown kind, a duplicate name… */
export class InvalidSloConfigError extends SloError {}

/** An OpenSLO document that is malformed, or that asks for something faasade does not evaluate. */
export class InvalidOpenSloError extends SloError {}

/** An objective that a cloud's native alerting cannot express (such as a goal above what it accepts). */
export class UnsupportedByCloudError extends SloError {}

/** Counts or ratios given to the budget calculation that cannot be right (negative, more bad than total…). */
export class InvalidBudgetInputError extends SloError {}

import { InvalidObjectiveError, InvalidSloConfigError } from '../errors';

/** Checks an objective target: a share strictly between 0 and 1 (1 would leave no error budget to alert on). */
export function checkObjective(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1) return value;
  const hint =
    typeof value === 'number' && value > 1 && value < 100
      ? ` (did you mean ${Number((value / 100).toPrecision(6))}?)`
      : value === 1
        ? ' (an objective of 1 leaves no error budget: every single failure would be a breach)'
        : '';
  throw new InvalidObjectiveError(
    `${where} must be a share between 0 and 1 exclusive, such as 0.999 for 99.9%; got ${JSON.stringify(value)}${hint}`,
  );
}

/** SLO names become OpenSLO names and Prometheus label values: RFC 1123 labels, as OpenSLO asks. */
export function checkSloName(value: unknown, where: string): string {
  if (typeof value === 'string' && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) return value;
  throw new InvalidSloConfigError(
    `${where} ${JSON.stringify(value)} is not a valid SLO name: use at most 63 lowercase letters, digits and dashes, ` +
      'starting and ending with a letter or digit',
  );
}

/** Function names appear in label matchers, dimensions and resource names; keep them to identifier characters. */
export function checkFunctionName(value: string, where: string): string {
  if (value === '*' || /^[A-Za-z][A-Za-z0-9_-]{0,62}$/.test(value)) return value;
  throw new InvalidSloConfigError(
    `${where} ${JSON.stringify(value)} is not a function name: use a letter followed by letters, digits, '_' or '-' ` +
      `(at most 63), or '*' for every function`,
  );
}

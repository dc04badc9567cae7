import { parseSloWindow, toBucketBoundary } from './duration';
import type { LatencyObjectiveDeclaration, ObjectiveOptions, RatioObjectiveDeclaration } from './types';
import { checkObjective, checkSloName } from './validate';

function withOptions<T extends RatioObjectiveDeclaration | LatencyObjectiveDeclaration>(
  declaration: T,
  options: ObjectiveOptions,
): T {
  const where = `${declaration.kind} objective`;
  checkObjective(declaration.objective, where);
  const result: T = { ...declaration };
  if (options.window !== undefined) result.window = parseSloWindow(options.window, `${where} window`);
  if (options.name !== undefined) result.name = checkSloName(options.name, `${where} name`);
  if (options.description !== undefined) result.description = options.description;
  if (options.runbookUrl !== undefined) result.runbookUrl = options.runbookUrl;
  return result;
}

/**
 * Availability of a function: the share of invocations that neither threw nor answered 5xx.
 * A 4xx is the caller's mistake and counts as good.
 *
 * @param objective the share of good invocations, such as `0.999` for 99.9%.
 * @example
 * ```ts
 * import { availability, defineSlos } from '@faasade/slo';
 * defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [availability(0.999)] } });
 * ```
 */
export function availability(objective: number, options: ObjectiveOptions = {}): RatioObjectiveDeclaration {
  return withOptions({ kind: 'availability', objective }, options);
}

/**
 * Processing success of a queue function: the share of message deliveries that the handler
 * processed without throwing. Every delivery counts, so a message that succeeds on its second
 * attempt is one bad and one good event.
 *
 * @example
 * ```ts
 * import { defineSlos, processingSuccess } from '@faasade/slo';
 * defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { processOrder: [processingSuccess(0.99)] } });
 * ```
 */
export function processingSuccess(
  objective: number,
  options: ObjectiveOptions = {},
): RatioObjectiveDeclaration {
  return withOptions({ kind: 'processingSuccess', objective }, options);
}

/**
 * Latency: the share of invocations that completed within `under`, which must be a boundary of
 * the `faas.invoke_duration` histogram (5ms … 10s). `latency({ under: '1s', objective: 0.99 })`
 * is "p99 under one second".
 *
 * @example
 * ```ts
 * import { defineSlos, latency } from '@faasade/slo';
 * defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { getOrder: [latency({ under: '1s', objective: 0.99 })] } });
 * ```
 */
export function latency(
  options: { under: string | number; objective: number } & ObjectiveOptions,
): LatencyObjectiveDeclaration {
  const { under, objective, ...rest } = options;
  toBucketBoundary(under, 'latency threshold');
  return withOptions({ kind: 'latency', under, objective }, rest);
}

/**
 * Cold starts: the share of invocations served by a warm instance. `coldStarts({ objective: 0.95 })`
 * is "fewer than 5% of invocations are cold starts".
 *
 * @example
 * ```ts
 * import { coldStarts, defineSlos } from '@faasade/slo';
 * defineSlos({ service: 'orders', runbookUrl: 'https://runbooks.acme.dev/{slo}', slos: { '*': [coldStarts({ objective: 0.95 })] } });
 * ```
 */
export function coldStarts(options: { objective: number } & ObjectiveOptions): RatioObjectiveDeclaration {
  const { objective, ...rest } = options;
  return withOptions({ kind: 'coldStarts', objective }, rest);
}

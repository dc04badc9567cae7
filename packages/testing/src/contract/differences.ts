import type { Harness } from '../harness';

/**
 * A scenario that cannot hold on one cloud (or one of its triggers) because of the platform
 * itself, not because of faasade: why, and what the suite checks there instead.
 */
export interface PlatformDifference {
  readonly cloud: Harness['cloud'];
  /**
   * The harness variants it applies to (the AWS HTTP trigger: `v2`, `function-url`, `v1`,
   * `alb`, `alb-multi`; the Azure queue service: `storage-queue`, `service-bus`); every variant
   * when absent.
   */
  readonly variants?: readonly string[];
  /** The scenario's id (see `contractScenarios`). */
  readonly scenario: string;
  /** Why the platform behaves this way. */
  readonly reason: string;
  /** What the scenario observes on this platform instead of its `expected`; asserted as strictly. */
  readonly observed: unknown;
}

/**
 * Every place where a cloud cannot do what the contract says, with the reason. This is the one
 * list: a scenario with no row here must hold exactly on every cloud, and a row here is asserted
 * (the documented behaviour must be what happens), never skipped.
 */
export const platformDifferences: readonly PlatformDifference[] = [
  {
    cloud: 'aws',
    variants: ['v2'],
    scenario: 'http.route-params.encoded-slash',
    reason:
      'An API Gateway HTTP API hands Lambda the path already percent-decoded (payload 2.0 `rawPath`), ' +
      'so an encoded slash arrives as a real one: `/items/a%2Fb/parts/x` is `/items/a/b/parts/x`, which ' +
      'no route matches. REST APIs, Function URLs and ALBs keep the encoding. Keep slashes out of path ' +
      'parameters behind an HTTP API (use the query string).',
    observed: {
      status: 404,
      body: {
        error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /items/a/b/parts/x' },
        invocationId: '<id>',
      },
    },
  },
  {
    cloud: 'aws',
    variants: ['alb'],
    scenario: 'http.query',
    reason:
      'An ALB target group without multi-value headers sends Lambda one value per query key ' +
      '(`queryStringParameters`), the last one: the earlier values of a repeated key never reach the ' +
      'function. Turn on multi-value headers (variant alb-multi) to receive them all.',
    observed: [
      ['tag', 'c'],
      ['empty', ''],
      ['space', 'a b'],
      ['plus', 'a b'],
      ['enc', 'été&more'],
      ['last', '1'],
    ],
  },
  {
    cloud: 'aws',
    variants: ['alb'],
    scenario: 'http.cookies',
    reason:
      'An ALB target group without multi-value headers takes one value per response header ' +
      '(`headers`), so a Lambda behind it can send only one `Set-Cookie`: the adapter sends the first ' +
      'and the others are lost. Turn on multi-value headers (variant alb-multi) to send several.',
    observed: {
      status: 200,
      cookie: ['a=1', 'b=two', 'c=x%3Dy'],
      setCookie: ['session=abc123; httponly; path=/; samesite=lax; secure'],
    },
  },
  {
    cloud: 'aws',
    variants: ['v1'],
    scenario: 'http.request-url',
    reason:
      'An API Gateway REST API (payload 1.0) gives Lambda no raw query string, only the decoded values ' +
      '(`multiValueQueryStringParameters`), so the adapter re-encodes them: the values the handler reads ' +
      'are the same (see http.query), but `req.url` spells them its own way (`a+b` arrives as `a%20b`).',
    observed: 'https://contract.example.com/echo?x=1&y=%20&z=a%20b',
  },
  {
    cloud: 'azure',
    variants: ['storage-queue'],
    scenario: 'queue.message',
    reason:
      'An Azure Storage queue message is a body and nothing else: it has no attributes or application ' +
      'properties, so `message.attributes` is empty. Service Bus queues carry them ' +
      '(`applicationProperties`); put what must travel with a storage queue message in its body.',
    observed: {
      result: { succeeded: ['shape-1'], retried: [], deadLettered: [] },
      message: {
        body: { task: 'ship', n: 1 },
        text: '{"task":"ship","n":1}',
        attributes: {},
        deliveryCount: 2,
      },
    },
  },
  {
    cloud: 'azure',
    variants: ['storage-queue', 'service-bus'],
    scenario: 'queue.ordered-group',
    reason:
      'Azure Storage queues have no message groups and no ordering: every message is delivered on its ' +
      'own, so a failure holds nothing back and later messages of the same group run (and may succeed) ' +
      'before the failed one is retried. Service Bus orders messages only within sessions, and the ' +
      'adapter registers Service Bus queues without sessions for now; until it does, order is not kept there either.',
    observed: {
      result: { succeeded: ['g-a1', 'g-a3', 'g-b1'], retried: ['g-a2'], deadLettered: [] },
      ran: ['work:g-a1', 'work:g-a2', 'work:g-a3', 'work:g-b1'],
    },
  },
  {
    cloud: 'gcp',
    scenario: 'http.malformed-json',
    reason:
      "functions-framework parses an `application/json` body with Express's body-parser before the " +
      "function is called; malformed JSON is answered 400 by Express's default error handler (an HTML " +
      'page, with the stack trace unless NODE_ENV=production) and the function never runs, so no adapter ' +
      'code can give it the contract body, an invocation id or a log line.',
    observed: { status: 400, type: 'text/html', code: null, messageStart: null, invocationId: null },
  },
];

/**
 * The documented difference for a scenario on a cloud (and harness variant), if there is one.
 * Extra rows (a user's own harness) are searched first.
 *
 * @example
 * ```ts
 * import { platformDifference } from '@faasade/testing/contract';
 * platformDifference('aws', 'http.query', 'alb')?.reason;
 * ```
 */
export function platformDifference(
  cloud: Harness['cloud'],
  scenario: string,
  variant?: string,
  extra: readonly PlatformDifference[] = [],
): PlatformDifference | undefined {
  const applies = (d: PlatformDifference) =>
    d.cloud === cloud &&
    d.scenario === scenario &&
    (d.variants === undefined || (variant !== undefined && d.variants.includes(variant)));
  return extra.find(applies) ?? platformDifferences.find(applies);
}

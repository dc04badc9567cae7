import type { App } from '@faasade/core';
import type { Harness } from '../harness';
import { type ContractProbe, contractApp } from './app';
import { type PlatformDifference, platformDifference } from './differences';
import {
  CONTRACT_BASE_URL,
  type ContractScenario,
  contractScenarios,
  type ScenarioTrigger,
  scenarioById,
} from './scenarios';

export interface ContractOptions {
  /**
   * The harness variant, for the differences that concern only one of a cloud's triggers (the
   * AWS HTTP trigger: `v2`, `function-url`, `v1`, `alb`, `alb-multi`; the Azure queue service:
   * `storage-queue`, `service-bus`).
   */
  variant?: string;
  /**
   * The triggers the harness serves (default: all). A harness for one HTTP trigger among others
   * (API Gateway v1, ALB) runs the HTTP scenarios only; the describe block's name says so.
   */
  triggers?: readonly ScenarioTrigger[];
  /**
   * Differences of your own harness that the suite's list does not know, each with its reason.
   * Asserted like the suite's own.
   */
  differences?: readonly PlatformDifference[];
  /**
   * Runs only these scenarios (by id), for working on one behaviour; the describe block's name
   * says how many of the triggers' scenarios run. Unknown ids throw.
   */
  only?: readonly string[];
  /** Jest timeout of each scenario (default 15 s). */
  timeoutMs?: number;
}

const ALL_TRIGGERS: readonly ScenarioTrigger[] = ['http', 'queue', 'schedule', 'event'];

/** The scenarios a harness serving these triggers runs (only those named in `only`, when given). */
export function scenariosFor(
  triggers: readonly ScenarioTrigger[] = ALL_TRIGGERS,
  only?: readonly string[],
): ContractScenario[] {
  for (const id of only ?? []) scenarioById(id);
  return contractScenarios.filter(
    (s) => triggers.includes(s.trigger) && (only === undefined || only.includes(s.id)),
  );
}

/**
 * Defines the contract suite in jest for one harness: the contract app (the same for every
 * cloud) is given to `makeHarness` once, and every scenario runs against the harness it
 * returns, expecting the same observation on every cloud, or, where a platform cannot, the one
 * `platformDifferences` documents (a failure then shows the row's reason). The harness is
 * closed after the last scenario.
 *
 * @example
 * ```ts
 * // test/contract.test.ts
 * import { describeContract } from '@faasade/testing/contract';
 * import { awsHarness } from '@faasade/testing/aws';
 * import { localHarness } from '@faasade/testing/local';
 *
 * describeContract('local', (app) => localHarness(app));
 * describeContract('aws (ALB)', (app) => awsHarness(app, { mode: 'alb' }), { variant: 'alb', triggers: ['http'] });
 * ```
 */
export function describeContract(
  name: string,
  makeHarness: (app: App) => Promise<Harness> | Harness,
  options: ContractOptions = {},
): void {
  // Loaded here, not at import time: the rest of this entry point works outside jest too.
  const { afterAll, beforeAll, beforeEach, describe } = jestGlobals();
  const triggers = options.triggers ?? ALL_TRIGGERS;
  const scenarios = scenariosFor(triggers, options.only);
  let scoped = triggers.length === ALL_TRIGGERS.length ? '' : ` (${triggers.join(', ')} scenarios)`;
  if (options.only) scoped += ` (only ${scenarios.length} of ${scenariosFor(triggers).length} scenarios)`;
  const { app, probe } = contractApp();
  let harness: Harness | undefined;

  describe(`faasade contract: ${name}${scoped}`, () => {
    beforeAll(async () => {
      harness = await makeHarness(app);
    });
    afterAll(async () => {
      await harness?.close();
    });
    beforeEach(() => {
      probe.reset();
      harness?.clearLogs();
    });

    for (const scenario of scenarios) {
      defineScenario(scenario, () => harness, probe, options);
    }
  });
}

function jestGlobals(): typeof import('@jest/globals') {
  return require('@jest/globals') as typeof import('@jest/globals');
}

function defineScenario(
  scenario: ContractScenario,
  current: () => Harness | undefined,
  probe: ContractProbe,
  options: ContractOptions,
): void {
  const { expect, it } = jestGlobals();
  it(
    `${scenario.id}: ${scenario.title}`,
    async () => {
      const harness = current();
      if (!harness) throw new Error('the harness was not created (see the beforeAll error)');
      const difference = platformDifference(harness.cloud, scenario.id, options.variant, options.differences);
      const observed = await scenario.observe({ harness, probe, base: CONTRACT_BASE_URL });
      if (difference) {
        // A documented platform difference: its behaviour is asserted, and it must differ from
        // the contract, or the row is stale and must go.
        expect({ scenario: scenario.id, platformDifference: difference.reason, observed }).toEqual({
          scenario: scenario.id,
          platformDifference: difference.reason,
          observed: difference.observed,
        });
        expect(difference.observed).not.toEqual(scenario.expected);
      } else {
        expect({ scenario: scenario.id, observed }).toEqual({
          scenario: scenario.id,
          observed: scenario.expected,
        });
      }
    },
    options.timeoutMs ?? 15_000,
  );
}

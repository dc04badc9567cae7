/**
 * `@faasade/testing/contract`: the contract suite. One app, one list of scenarios, run the same
 * way against any harness (AWS, Azure, GCP, local, or your own) with `describeContract`; what a
 * platform cannot do is documented, with its reason, in `platformDifferences`, and asserted.
 * Needs jest (`@jest/globals`).
 */
export {
  ALL_BYTES,
  CONTRACT_COOKIES,
  CONTRACT_EVENT_TYPE,
  CONTRACT_MAX_ATTEMPTS,
  CONTRACT_MAX_BODY_BYTES,
  type ContractFunctionName,
  type ContractProbe,
  contractApp,
  jobSchema,
  orderSchema,
  PNG_BYTES,
  UNICODE_TEXT,
} from './app';
export { type ContractOptions, describeContract, scenariosFor } from './describe';
export { type PlatformDifference, platformDifference, platformDifferences } from './differences';
export { AN_ID, canonicalCookie, charsetOf, leaksDetail, mediaType, withoutIds } from './observe';
export {
  CONTRACT_BASE_URL,
  type ContractScenario,
  contractScenarios,
  platformTraceHeaders,
  type ScenarioRun,
  type ScenarioTrigger,
  scenarioById,
} from './scenarios';

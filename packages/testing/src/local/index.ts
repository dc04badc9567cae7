/**
 * `@faasade/testing/local`: a harness that invokes an app in-process through the core's
 * `Runtime`, with no cloud in between: the reference the cloud harnesses are compared with.
 */
export { type LocalHarnessOptions, localHarness } from './harness';

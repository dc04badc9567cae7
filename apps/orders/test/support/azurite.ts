// The same in-process azurite table service the core's state tests use: one starter, not a copy.
export { type RunningAzurite, startAzuriteTables } from '../../../../packages/core/test/support/azurite';

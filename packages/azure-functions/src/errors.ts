/**
 * An app can not be registered as it is on Azure Functions: a setting the platform can not
 * honour, or a name that is taken. The message says which function and what to change.
 * Registration checks everything first, so when this is thrown nothing was registered.
 *
 * @example
 * ```ts
 * import { AzureRegistrationError, registerAzureFunctions } from '@faasade/azure-functions';
 * import { defineApp, queue } from '@faasade/core';
 * const app = defineApp({ service: 's', functions: { work: queue({ queue: 'jobs', maxAttempts: 8 }, () => {}) } });
 * try {
 *   registerAzureFunctions(app, { maxDequeueCount: 5 });
 * } catch (error) {
 *   console.log(error instanceof AzureRegistrationError, (error as Error).message); // true 'work: maxAttempts is 8 but ...'
 * }
 * ```
 */
export class AzureRegistrationError extends Error {
  override readonly name: string = 'AzureRegistrationError';
}

/** The host logs what a handler throws; anything that is not an Error would reach it as `[object Object]`. */
export function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)));
}

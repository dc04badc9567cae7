export type { Backoff } from './types';
export {
  constantBackoff,
  type ExponentialBackoffOptions,
  exponentialBackoff,
  type Jitter,
} from './exponential';

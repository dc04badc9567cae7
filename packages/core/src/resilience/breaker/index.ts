export { type ConsecutiveCounts, consecutive } from './consecutive';
export { type SamplingCounts, type SamplingRatioOptions, samplingRatio } from './sampling';
export type { BreakerStrategy, CircuitSnapshot, CircuitState, Lease } from './types';

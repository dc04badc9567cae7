import { formatSeconds } from './duration';
import type { Slo, Sli } from './types';

/** 0.999 → `'99.9%'`, 0.95 → `'95%'`. */
export function formatPercent(share: number): string {
  return `${Number((share * 100).toPrecision(10))}%`;
}

/** A short name of what the SLI measures: `'availability'`, `'latency under 1s'`… */
export function sliTitle(sli: Sli): string {
  switch (sli.kind) {
    case 'availability':
      return 'availability';
    case 'processingSuccess':
      return 'processing success';
    case 'coldStarts':
      return 'warm starts';
    case 'latency':
      return `latency under ${formatSeconds(sli.thresholdSeconds)}`;
  }
}

/** `'createOrder'`, or `'every function'` for `'*'`. */
export function functionTitle(fn: string): string {
  return fn === '*' ? 'every function' : fn;
}

/** One line naming the SLO: `'createOrder availability 99.9% over 30d'`. */
export function sloTitle(slo: Slo): string {
  return `${functionTitle(slo.function)} ${sliTitle(slo.sli)} ${formatPercent(slo.objective)} over ${slo.window}`;
}

/** The default description of an objective: what share of which events must be good. */
export function defaultDescription(fn: string, sli: Sli, objective: number, window: string): string {
  const who = fn === '*' ? 'every function' : fn;
  const share = formatPercent(objective);
  switch (sli.kind) {
    case 'availability':
      return `${share} of ${who} invocations succeed (no 5xx response, no thrown error) over a rolling ${window}`;
    case 'processingSuccess':
      return `${share} of ${who} message deliveries are processed without an error over a rolling ${window}`;
    case 'coldStarts':
      return `at most ${formatPercent(1 - objective)} of ${who} invocations are cold starts over a rolling ${window}`;
    case 'latency':
      return `${share} of ${who} invocations complete within ${formatSeconds(sli.thresholdSeconds)} over a rolling ${window}`;
  }
}

/** `'createOrder'` → `'create-order'`: function names as parts of RFC 1123 names. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/** `'create-order-availability'` → `'CreateOrderAvailability'`: SLO ids as alert and resource names. */
export function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

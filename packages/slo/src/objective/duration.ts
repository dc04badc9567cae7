import {
  ALERT_WINDOWS,
  type AlertWindow,
  DURATION_BUCKETS_SECONDS,
  SLO_WINDOWS,
  type SloWindow,
} from '../constants';
import { InvalidDurationError, InvalidWindowError, LatencyThresholdNotABucketError } from '../errors';

/** Reads an SLO window (`'30d'`, `'28d'`, `'7d'`); OpenSLO's weeks (`'4w'`, `'1w'`) are accepted as the same windows. */
export function parseSloWindow(value: unknown, where = 'window'): SloWindow {
  const aliases: Record<string, SloWindow> = { '4w': '28d', '1w': '7d' };
  const text = typeof value === 'string' ? (aliases[value] ?? value) : value;
  if (typeof text === 'string' && (SLO_WINDOWS as readonly string[]).includes(text)) return text as SloWindow;
  throw new InvalidWindowError(
    `${where} ${JSON.stringify(value)} is not supported: use a rolling window of ${SLO_WINDOWS.join(', ')}`,
  );
}

/** Reads a burn-rate window (`'5m'` … `'3d'`). */
export function parseAlertWindow(value: unknown, where = 'burn window'): AlertWindow {
  if (typeof value === 'string' && (ALERT_WINDOWS as readonly string[]).includes(value)) {
    return value as AlertWindow;
  }
  throw new InvalidWindowError(
    `${where} ${JSON.stringify(value)} is not supported: use one of ${ALERT_WINDOWS.join(', ')}`,
  );
}

/** Reads a latency such as `'250ms'`, `'1s'`, `'2.5s'`, or a number of seconds. */
export function parseSeconds(value: unknown, where = 'duration'): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value === 'string') {
    const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value.trim());
    if (match) {
      const amount = Number(match[1]);
      const seconds = match[2] === 'ms' ? amount / 1000 : amount;
      if (seconds > 0) return seconds;
    }
  }
  throw new InvalidDurationError(
    `${where} ${JSON.stringify(value)} is not a duration: write it like '250ms' or '1s', or as a number of seconds`,
  );
}

/** Formats a bucket boundary the way people write it: 0.25 → `'250ms'`, 1 → `'1s'`, 2.5 → `'2500ms'`. */
export function formatSeconds(seconds: number): string {
  if (Number.isInteger(seconds)) return `${seconds}s`;
  const milliseconds = Number((seconds * 1000).toFixed(6));
  return Number.isInteger(milliseconds) ? `${milliseconds}ms` : `${seconds}s`;
}

/**
 * Checks that a latency threshold is one of the histogram's bucket boundaries and returns the
 * boundary itself (so that `'250ms'` and `0.25` give the same number).
 */
export function toBucketBoundary(value: unknown, where = 'latency threshold'): number {
  const seconds = parseSeconds(value, where);
  const boundary = DURATION_BUCKETS_SECONDS.find((bucket) => Math.abs(bucket - seconds) < 1e-9);
  if (boundary === undefined) {
    throw new LatencyThresholdNotABucketError(
      `${where} ${formatSeconds(seconds)} is not a bucket boundary of the faas.invoke_duration histogram, so the ` +
        `share of requests under it cannot be counted; use one of ${DURATION_BUCKETS_SECONDS.map(formatSeconds).join(', ')}`,
    );
  }
  return boundary;
}

import type { TraceIds } from './scope';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Parses a W3C `traceparent` header. Returns undefined for anything malformed, the all-zero ids
 * the spec forbids, and version ff.
 */
export function parseTraceparent(header: string | undefined): TraceIds | undefined {
  if (!header) return undefined;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m || m[1] === 'ff' || (m[1] === '00' && m[5] !== undefined)) return undefined;
  if (/^0+$/.test(m[2]) || /^0+$/.test(m[3])) return undefined;
  return { traceId: m[2], spanId: m[3], sampled: (Number.parseInt(m[4], 16) & 1) === 1 };
}

/** Formats ids as a W3C `traceparent` header value. */
export function formatTraceparent(ids: TraceIds): string {
  return `00-${ids.traceId}-${ids.spanId}-${ids.sampled ? '01' : '00'}`;
}

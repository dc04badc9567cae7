import type { TraceIds } from '@faasade/core';

/** `TRACE_ID/SPAN_ID;o=OPTIONS`: a 32-hex trace id, a decimal 64-bit span id, `o=1` when sampled. */
const CLOUD_TRACE = /^([0-9a-fA-F]{32})\/(\d{1,20})(?:;o=(\d+))?/;
const MAX_SPAN_ID = (1n << 64n) - 1n;
const ZERO_TRACE = /^0{32}$/;

/**
 * Reads Google's `X-Cloud-Trace-Context` header (`TRACE_ID/SPAN_ID;o=1`, the span id in
 * DECIMAL) into lowercase-hex ids. Returns undefined for anything malformed, an all-zero id or
 * a span id beyond 64 bits.
 *
 * @example
 * ```ts
 * import { parseCloudTraceContext } from '@faasade/gcp-functions';
 * parseCloudTraceContext('105445aa7843bc8bf206b12000100000/1;o=1');
 * // { traceId: '105445aa7843bc8bf206b12000100000', spanId: '0000000000000001', sampled: true }
 * ```
 */
export function parseCloudTraceContext(header: string | undefined): TraceIds | undefined {
  if (!header) return undefined;
  const m = CLOUD_TRACE.exec(header.trim());
  if (!m || ZERO_TRACE.test(m[1])) return undefined;
  const span = BigInt(m[2]);
  if (span === 0n || span > MAX_SPAN_ID) return undefined;
  return {
    traceId: m[1].toLowerCase(),
    spanId: span.toString(16).padStart(16, '0'),
    sampled: m[3] !== undefined && (Number(m[3]) & 1) === 1,
  };
}

/**
 * Writes ids as an `X-Cloud-Trace-Context` value (the span id in decimal), for outgoing calls
 * to Google services and for tests.
 *
 * @example
 * ```ts
 * import { formatCloudTraceContext } from '@faasade/gcp-functions';
 * formatCloudTraceContext({ traceId: '105445aa7843bc8bf206b12000100000', spanId: '00000000000000ff', sampled: true });
 * // '105445aa7843bc8bf206b12000100000/255;o=1'
 * ```
 */
export function formatCloudTraceContext(ids: TraceIds): string {
  return `${ids.traceId}/${BigInt(`0x${ids.spanId}`).toString(10)};o=${ids.sampled ? 1 : 0}`;
}

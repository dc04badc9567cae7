import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from '@faasade/aws-lambda';
import type { CloudEvent } from '@faasade/core';

export interface EventBridgeEventOptions {
  source: string;
  detailType: string;
  detail?: unknown;
  id?: string;
  time?: Date;
  resources?: string[];
  region?: string;
  accountId?: string;
}

/**
 * An EventBridge event as a rule delivers it to Lambda, from plain options or from a CloudEvent
 * (its type becomes `detail-type`, its data `detail`, its subject the one resource).
 *
 * @example
 * ```ts
 * import { eventBridgeEvent } from '@faasade/testing/aws';
 * const event = eventBridgeEvent({ source: 'orders', detailType: 'order.created', detail: { id: 'o-1' } });
 * event['detail-type']; // 'order.created'
 * ```
 */
export function eventBridgeEvent(
  input: EventBridgeEventOptions | CloudEvent,
): EventBridgeEvent & { version: '0' } {
  const options: EventBridgeEventOptions =
    'specversion' in input
      ? {
          source: input.source,
          detailType: input.type,
          detail: input.data,
          id: input.id,
          time: input.time ? new Date(input.time) : undefined,
          resources: input.subject ? [input.subject] : [],
        }
      : input;
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': options.detailType,
    source: options.source,
    account: options.accountId ?? '123456789012',
    time: (options.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region ?? 'us-east-1',
    resources: options.resources ?? [],
    detail: options.detail ?? {},
  };
}

/**
 * The event an EventBridge schedule rule (`source: aws.events`) or EventBridge Scheduler
 * (`scheduler: true`, `source: aws.scheduler`) sends: `detail-type: Scheduled Event`, the
 * scheduled time, the rule or schedule as the resource.
 *
 * @example
 * ```ts
 * import { scheduledEvent } from '@faasade/testing/aws';
 * const event = scheduledEvent({ time: new Date('2026-11-24T10:05:00Z') });
 * event.time; // '2026-11-24T10:05:00Z'
 * ```
 */
export function scheduledEvent(
  options: { time?: Date; scheduler?: boolean; name?: string; region?: string } = {},
) {
  const region = options.region ?? 'us-east-1';
  const name = options.name ?? 'faasade-schedule';
  return eventBridgeEvent({
    source: options.scheduler ? 'aws.scheduler' : 'aws.events',
    detailType: 'Scheduled Event',
    time: options.time,
    region,
    resources: [
      options.scheduler
        ? `arn:aws:scheduler:${region}:123456789012:schedule/default/${name}`
        : `arn:aws:events:${region}:123456789012:rule/${name}`,
    ],
    detail: {},
  });
}

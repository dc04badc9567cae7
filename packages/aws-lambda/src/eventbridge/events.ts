import type { CloudEvent, ScheduleInfo } from '@faasade/core';
import type { EventBridgeEvent } from '../types';

const SCHEDULE_SOURCES = new Set(['aws.events', 'aws.scheduler']);

/** True for an EventBridge event: it has an id, a source and a `detail-type`. */
export function isEventBridgeEvent(event: unknown): event is EventBridgeEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return typeof e['detail-type'] === 'string' && typeof e.source === 'string' && typeof e.id === 'string';
}

/** True for the event an EventBridge schedule rule or EventBridge Scheduler sends. */
export function isScheduledEvent(event: unknown): event is EventBridgeEvent {
  return (
    isEventBridgeEvent(event) &&
    event['detail-type'] === 'Scheduled Event' &&
    SCHEDULE_SOURCES.has(event.source)
  );
}

/**
 * The run's schedule facts. A scheduled event carries the time it was meant for; a payload of
 * your own (a Scheduler target with a custom input) runs for now. Lambda reports no lateness.
 */
export function scheduleInfoOf(event: unknown): ScheduleInfo {
  const time = isScheduledEvent(event) ? Date.parse(event.time) : Number.NaN;
  return { scheduledTime: new Date(Number.isNaN(time) ? Date.now() : time), pastDue: false };
}

/** True for a payload that already is a CloudEvent (a direct invocation with one). */
export function isCloudEvent(event: unknown): event is CloudEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  return (
    e.specversion === '1.0' &&
    typeof e.id === 'string' &&
    typeof e.source === 'string' &&
    typeof e.type === 'string'
  );
}

/**
 * An EventBridge event as a CloudEvent 1.0: `detail-type` is the type, `detail` the data, and
 * the resources (ARNs, which hold no commas) the subject, comma-separated.
 */
export function toCloudEvent(event: EventBridgeEvent): CloudEvent {
  const ce: CloudEvent = {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event['detail-type'],
    time: event.time,
    datacontenttype: 'application/json',
    data: event.detail,
  };
  if (event.resources?.length) ce.subject = event.resources.join(',');
  return ce;
}

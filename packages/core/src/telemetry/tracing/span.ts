import {
  type Attributes,
  type AttributeValue,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from '@opentelemetry/api';
import { type InstrumentationScope, isAttributeValue } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { hrTime } from '../time';

/** The span limits of the SDK (`OTEL_SPAN_*_LIMIT`, `OTEL_ATTRIBUTE_*_LIMIT`). */
export interface SpanLimits {
  attributeValueLengthLimit: number;
  attributeCountLimit: number;
  linkCountLimit: number;
  eventCountLimit: number;
  attributePerEventCountLimit: number;
  attributePerLinkCountLimit: number;
}

/** The limits as the SDK reads them from the environment (span-specific, then general, then default). */
export function spanLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): SpanLimits {
  const read = (...names: string[]) => {
    for (const name of names) {
      const raw = env[name]?.trim();
      if (raw) {
        const value = Number(raw);
        if (Number.isFinite(value) && value >= 0) return value;
      }
    }
    return undefined;
  };
  return {
    attributeValueLengthLimit:
      read('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
      Number.POSITIVE_INFINITY,
    attributeCountLimit: read('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT') ?? 128,
    linkCountLimit: read('OTEL_SPAN_LINK_COUNT_LIMIT') ?? 128,
    eventCountLimit: read('OTEL_SPAN_EVENT_COUNT_LIMIT') ?? 128,
    attributePerEventCountLimit: read('OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT') ?? 128,
    attributePerLinkCountLimit: read('OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT') ?? 128,
  };
}

/** What every invocation span of one telemetry instance shares. */
export interface InvocationSpanShared {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly limits: SpanLimits;
  readonly processors: readonly SpanProcessor[];
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The invocation span: a recording span with the API's `Span` methods (so code that finds it in
 * the context can add to it) that is also the SDK's `ReadableSpan` (what exporters read), made
 * without the SDK tracer's per-span work. Its attributes are built by faasade from known-good
 * values, so they are taken as given, within the span limits; what user code adds later is
 * checked as the SDK checks it. Child spans (outgoing calls, your own) are the SDK's.
 */
export class InvocationSpan implements Span, ReadableSpan {
  readonly links: Link[] = [];
  readonly events: TimedEvent[] = [];
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  endTime: HrTime = [0, 0];
  duration: HrTime = [-1, -1];
  ended = false;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  readonly startTime: HrTime;
  private attributeCount: number;
  /** `performance.now()` when the span object was made, and epoch ms it stands for. */
  private readonly startedAt: number;
  private readonly startedAtMs: number;

  constructor(
    private readonly shared: InvocationSpanShared,
    private readonly context: SpanContext,
    public name: string,
    readonly kind: SpanKind,
    readonly parentSpanContext: SpanContext | undefined,
    readonly attributes: Attributes,
    /** Epoch ms the invocation started (before this span was made). */
    startTimeMs: number,
    links: Link[] | undefined,
  ) {
    this.startedAt = performance.now();
    this.startedAtMs = Date.now();
    this.startTime = hrTime(startTimeMs);
    const limits = shared.limits;
    let count = 0;
    for (const key in attributes) {
      if (!hasOwn.call(attributes, key)) continue;
      if (count >= limits.attributeCountLimit) {
        delete attributes[key];
        this.droppedAttributesCount++;
        continue;
      }
      count++;
      const value = attributes[key];
      if (typeof value === 'string' && value.length > limits.attributeValueLengthLimit)
        attributes[key] = value.slice(0, limits.attributeValueLengthLimit);
    }
    this.attributeCount = count;
    if (links) this.addLinks(links);
  }

  get resource(): Resource {
    return this.shared.resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return this.shared.scope;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (value == null || this.ended || key.length === 0 || !isAttributeValue(value)) return this;
    const isNew = !hasOwn.call(this.attributes, key);
    if (isNew && this.attributeCount >= this.shared.limits.attributeCountLimit) {
      this.droppedAttributesCount++;
      return this;
    }
    this.attributes[key] = this.truncate(value);
    if (isNew) this.attributeCount++;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) {
      if (hasOwn.call(attributes, key)) this.setAttribute(key, attributes[key] as AttributeValue);
    }
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const limits = this.shared.limits;
    if (limits.eventCountLimit === 0) {
      this.droppedEventsCount++;
      return this;
    }
    if (this.events.length >= limits.eventCountLimit) {
      this.events.shift();
      this.droppedEventsCount++;
    }
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      if (!isTimeInput(time)) time = attributesOrTime;
    } else {
      attributes = attributesOrTime;
    }
    const { kept, dropped } = this.limitAttributes(attributes, limits.attributePerEventCountLimit);
    this.events.push({ name, attributes: kept, time: this.timeOf(time), droppedAttributesCount: dropped });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const limits = this.shared.limits;
    if (limits.linkCountLimit === 0) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links.length >= limits.linkCountLimit) {
      this.links.shift();
      this.droppedLinksCount++;
    }
    const { kept, dropped, count } = this.limitAttributes(link.attributes, limits.attributePerLinkCountLimit);
    const processed: Link = { context: link.context };
    if (count > 0) processed.attributes = kept;
    if (dropped > 0) processed.droppedAttributesCount = dropped;
    this.links.push(processed);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK)
      return this;
    const next: SpanStatus = { code: status.code };
    if (status.code === SpanStatusCode.ERROR && typeof status.message === 'string')
      next.message = status.message;
    this.status = next;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /**
   * Ends the span and hands it to the processors. Without `endTime` the end is measured with the
   * monotonic clock from the start, so the duration is exact to the microsecond.
   */
  end(endTime?: TimeInput): void {
    if (this.ended) return;
    const endMs =
      endTime === undefined
        ? this.startedAtMs + (performance.now() - this.startedAt)
        : toEpochMs(endTime, this.startedAt, this.startedAtMs);
    const startMs = this.startTime[0] * 1000 + this.startTime[1] / 1e6;
    const durationMs = Math.max(0, endMs - startMs);
    this.endTime = hrTime(startMs + durationMs);
    this.duration = hrTime(durationMs);
    this.ended = true;
    for (const processor of this.shared.processors) processor.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] || attributes['exception.message'])
      this.addEvent('exception', attributes, time);
  }

  private timeOf(time: TimeInput | undefined): HrTime {
    if (time === undefined) return hrTime(this.startedAtMs + (performance.now() - this.startedAt));
    return hrTime(toEpochMs(time, this.startedAt, this.startedAtMs));
  }

  private truncate(value: AttributeValue): AttributeValue {
    const limit = this.shared.limits.attributeValueLengthLimit;
    if (!(limit < Number.POSITIVE_INFINITY)) return value;
    if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) : value;
    if (Array.isArray(value))
      return (value as unknown[]).map((v) =>
        typeof v === 'string' && v.length > limit ? v.slice(0, limit) : v,
      ) as AttributeValue;
    return value;
  }

  private limitAttributes(
    attributes: Attributes | undefined,
    limit: number,
  ): { kept: Attributes; dropped: number; count: number } {
    const kept: Attributes = {};
    let dropped = 0;
    let count = 0;
    if (attributes) {
      for (const key in attributes) {
        if (!hasOwn.call(attributes, key)) continue;
        const value = attributes[key];
        if (key.length === 0 || value == null || !isAttributeValue(value)) continue;
        if (count >= limit) {
          dropped++;
          continue;
        }
        kept[key] = this.truncate(value);
        count++;
      }
    }
    return { kept, dropped, count };
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return (
    typeof value === 'number' ||
    value instanceof Date ||
    (Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number')
  );
}

/**
 * A `TimeInput` as epoch ms. A number no greater than `performance.now()` is a high-resolution
 * time (what the SDK assumes too); a larger one is epoch ms.
 */
function toEpochMs(time: TimeInput, startedAt: number, startedAtMs: number): number {
  if (typeof time === 'number') return time <= performance.now() ? startedAtMs + (time - startedAt) : time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}

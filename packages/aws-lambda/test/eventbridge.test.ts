import { type CloudEvent, defineApp, event, type ScheduleInfo, schedule } from '@faasade/core';
import { eventBridgeEvent, scheduledEvent } from '@faasade/testing/aws';
import { toLambda, UnsupportedEventError } from '../src';
import { captureLogs, context } from './fixtures';

const runs: ScheduleInfo[] = [];
const received: CloudEvent[] = [];

const app = defineApp({
  service: 'orders',
  functions: {
    releaseStale: schedule({ every: '5m' }, (_ctx, info) => {
      runs.push(info);
    }),
    broken: schedule({ every: '5m' }, () => {
      throw new Error('database unavailable');
    }),
    onShipped: event({ type: 'order.shipped' }, (ce) => {
      received.push(ce);
    }),
  },
});
const { releaseStale, broken, onShipped } = toLambda(app);
captureLogs();

beforeEach(() => {
  runs.length = 0;
  received.length = 0;
});

describe('scheduled events', () => {
  it.each([
    ['an EventBridge rule', false],
    ['EventBridge Scheduler', true],
  ])('runs the schedule function for %s, at the time it was scheduled for', async (_name, scheduler) => {
    const time = new Date('2026-11-24T10:05:00Z');
    await releaseStale(scheduledEvent({ time, scheduler }), context());
    expect(runs).toEqual([{ scheduledTime: time, pastDue: false }]);
  });

  it('runs it for a Scheduler target with an input of its own, at the current time', async () => {
    const now = new Date('2026-11-24T10:10:00Z').getTime();
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      await releaseStale({ task: 'release' }, context());
    } finally {
      spy.mockRestore();
    }
    expect(runs).toEqual([{ scheduledTime: new Date(now), pastDue: false }]);
  });

  it('throws the failure so that Lambda records a failed invocation and applies its retry policy', async () => {
    await expect(broken(scheduledEvent(), context())).rejects.toThrow('database unavailable');
  });
});

describe('other EventBridge events', () => {
  it('reach an event function as a CloudEvent: detail-type as type, detail as data, resources as subject', async () => {
    const ev = eventBridgeEvent({
      id: 'e-1',
      source: 'com.example.shipping',
      detailType: 'order.shipped',
      detail: { orderId: 'o-1' },
      time: new Date('2026-11-24T10:00:00Z'),
      resources: ['arn:aws:s3:::labels/o-1.pdf'],
    });
    await onShipped(ev, context());
    expect(received).toEqual([
      {
        specversion: '1.0',
        id: 'e-1',
        source: 'com.example.shipping',
        type: 'order.shipped',
        time: '2026-11-24T10:00:00Z',
        subject: 'arn:aws:s3:::labels/o-1.pdf',
        datacontenttype: 'application/json',
        data: { orderId: 'o-1' },
      },
    ]);
  });

  it('accept a CloudEvent invoked directly as it is', async () => {
    const ce: CloudEvent = {
      specversion: '1.0',
      id: 'c-1',
      source: 'test',
      type: 'order.shipped',
      data: { orderId: 'o-2' },
    };
    await onShipped(ce, context());
    expect(received).toEqual([ce]);
  });

  it('refuse a payload that is neither', async () => {
    await expect(onShipped({ hello: 'world' }, context())).rejects.toThrow(UnsupportedEventError);
  });
});

import { defineApp, event, http, queue, schedule } from '@faasade/core';
import { registerGcpFunctions } from '@faasade/gcp-functions';
import { getFunction } from '@google-cloud/functions-framework/testing';

const app = defineApp({
  service: 'catalog',
  functions: {
    listItems: http({ method: 'GET', route: '/items' }, () => []),
    importItems: queue({ queue: 'imports' }, () => {}),
    reindex: schedule({ every: '1h' }, () => {}),
    onUpload: event({ type: '*' }, () => {}),
  },
});

describe('registerGcpFunctions', () => {
  it('registers each function under its own name with the signature its trigger needs, and says so', () => {
    const targets = registerGcpFunctions(app, { router: 'api' });
    expect(
      targets.map(({ target, functionName, kind, signature }) => ({ target, functionName, kind, signature })),
    ).toEqual([
      { target: 'listItems', functionName: 'listItems', kind: 'http', signature: 'http' },
      { target: 'importItems', functionName: 'importItems', kind: 'queue', signature: 'cloudevent' },
      { target: 'reindex', functionName: 'reindex', kind: 'schedule', signature: 'cloudevent' },
      { target: 'onUpload', functionName: 'onUpload', kind: 'event', signature: 'cloudevent' },
      { target: 'api', functionName: undefined, kind: 'router', signature: 'http' },
    ]);
    for (const t of targets) expect(getFunction(t.target)).toBe(t.handler);
  });

  it('registers schedule functions as HTTP functions for Cloud Scheduler HTTP targets', () => {
    const reindex = registerGcpFunctions(app, { scheduleTrigger: 'http' }).find(
      (t) => t.target === 'reindex',
    );
    expect(reindex).toMatchObject({ kind: 'schedule', signature: 'http' });
  });

  it('refuses a router name that is already a function name', () => {
    expect(() => registerGcpFunctions(app, { router: 'listItems' })).toThrow(
      /router name "listItems" is already a function of catalog/,
    );
  });
});

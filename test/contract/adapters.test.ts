import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsHarness } from '@faasade/testing/aws';
import { azureHarness } from '@faasade/testing/azure';
import { describeContract, platformDifferences } from '@faasade/testing/contract';
import { gcpHarness } from '@faasade/testing/gcp';
import { localHarness } from '@faasade/testing/local';

// The contract suite against every harness: one list of scenarios, run the same way on each.
// Each describe block creates its harness before its first scenario and closes it after its
// last, so the harnesses that capture the process's default log sink (AWS, GCP) never overlap.
// A harness for one more trigger of a cloud already covered runs only that trigger's scenarios.

describeContract('local', (app) => localHarness(app));

describeContract('aws (API Gateway HTTP API, payload 2.0)', (app) => awsHarness(app, { mode: 'v2' }), {
  variant: 'v2',
});
describeContract('aws (API Gateway REST API, payload 1.0)', (app) => awsHarness(app, { mode: 'v1' }), {
  variant: 'v1',
  triggers: ['http'],
});
describeContract('aws (Lambda Function URL)', (app) => awsHarness(app, { mode: 'function-url' }), {
  variant: 'function-url',
  triggers: ['http'],
});
describeContract('aws (ALB, multi-value headers)', (app) => awsHarness(app, { mode: 'alb-multi' }), {
  variant: 'alb-multi',
  triggers: ['http'],
});
describeContract('aws (ALB, single-value headers)', (app) => awsHarness(app, { mode: 'alb' }), {
  variant: 'alb',
  triggers: ['http'],
});

describeContract('azure (storage queues)', (app) => azureHarness(app), { variant: 'storage-queue' });
describeContract(
  'azure (Service Bus queues)',
  (app) => azureHarness(app, { queues: { work: { service: 'serviceBus' } } }),
  { variant: 'service-bus', triggers: ['queue'] },
);

describe('gcp, with functions-framework stderr muted', () => {
  // functions-framework reports every failed invocation (a message to redeliver, a crash) on
  // stderr through console.error, as it does in Cloud Run; the scenarios assert the outcomes.
  let stderr: jest.SpiedFunction<typeof console.error>;
  beforeAll(() => {
    stderr = jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterAll(() => stderr.mockRestore());
  describeContract('gcp', (app) => gcpHarness(app, { projectId: 'faasade-contract' }));
});

describe('test/contract/README.md', () => {
  it('lists every platform difference the suite asserts', () => {
    // Table rows as cells, whatever their padding: `| aws (`alb`) | `http.query` | why |`.
    const rows = readFileSync(join(__dirname, 'README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
      .filter(([cloud]) => /^(aws|azure|gcp)\b/.test(cloud ?? ''));
    for (const d of platformDifferences) {
      const name = `${d.cloud} ${d.variants?.join(',') ?? ''} ${d.scenario}`;
      const listed = rows.some(
        ([cloud, scenario]) =>
          cloud.split(' ')[0] === d.cloud &&
          scenario === `\`${d.scenario}\`` &&
          (d.variants ?? []).every((variant) => cloud.includes(`\`${variant}\``)),
      );
      expect({ difference: name, listed }).toEqual({ difference: name, listed: true });
    }
    expect(rows).toHaveLength(platformDifferences.length);
  });
});

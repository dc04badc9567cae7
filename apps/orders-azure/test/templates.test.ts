import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AzureRegistration } from '@faasade/azure-functions';
import { createOrdersApp, memoryServices } from '@faasade/orders';
import { azureAlertRules, azureBurnRateAlerts } from '@faasade/slo';
import ordersSlos from '../../../packages/slo/examples/orders.slo';
import { COLLECT_ONLY, registerOrders } from '../src/register';
import { DEFAULT_ORDERS_TABLE, DEFAULT_STATE_TABLE, HOST_SETTINGS, ORDERS_QUEUE } from '../src/settings';
import { bicepVar, objectsOf, readBicep, stringVar } from './support/bicep';

const deploy = path.join(__dirname, '../deploy');
const hostJson = JSON.parse(readFileSync(path.join(deploy, 'host.json'), 'utf8'));
const bicep = readBicep(path.join(deploy, 'main.bicep'));
const app = createOrdersApp(
  memoryServices({ paymentsUrl: 'http://127.0.0.1:4010', events: { publish: async () => {} } }),
);
const registrations = registerOrders(app, { registrar: COLLECT_ONLY });

function queueRegistration() {
  const r = registrations.find((x) => x.name === 'processOrder');
  if (r?.kind !== 'storageQueue') throw new Error('processOrder is not a storage queue function');
  return r;
}

/** The part of a generated alert rule the tests read. */
interface AlertRule {
  properties: {
    actions: { customProperties: { slo: string; severity: string } };
    criteria: { allOf: { threshold: number }[] };
  };
}

/** `hh:mm:ss` as host.json writes durations. */
function ms(timespan: string): number {
  const [h, m, s] = timespan.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

/** What main.bicep should say about a registered function. */
function expectedEntry(r: AzureRegistration): Record<string, string> {
  switch (r.kind) {
    case 'http':
      return {
        name: r.name,
        trigger: 'httpTrigger',
        route: r.options.route ?? '',
        methods: (r.options.methods ?? []).join(','),
      };
    case 'storageQueue':
      return { name: r.name, trigger: 'queueTrigger', queue: r.options.queueName };
    case 'timer':
      return { name: r.name, trigger: 'timerTrigger', schedule: String(r.options.schedule) };
    default:
      throw new Error(`${r.name}: the orders app registers no ${r.kind} function`);
  }
}

describe('deploy/host.json', () => {
  it('is a v2 host.json on the v4 extension bundle', () => {
    expect(hostJson.version).toBe('2.0');
    expect(hostJson.extensionBundle).toEqual({
      id: 'Microsoft.Azure.Functions.ExtensionBundle',
      version: '[4.*, 5.0.0)',
    });
  });

  it("poisons a message after the app's maxAttempts, as the adapter is told", () => {
    const processOrder = app.functions.processOrder;
    expect(processOrder.kind).toBe('queue');
    const maxAttempts = processOrder.kind === 'queue' ? processOrder.options.maxAttempts : undefined;
    expect(hostJson.extensions.queues.maxDequeueCount).toBe(maxAttempts);
    expect(hostJson.extensions.queues.maxDequeueCount).toBe(HOST_SETTINGS.maxDequeueCount);
    expect(queueRegistration().queue.maxDeliveryCount).toBe(HOST_SETTINGS.maxDequeueCount);
  });

  it('agrees with the adapter settings on timeout, redelivery delay, route prefix and message encoding', () => {
    expect(ms(hostJson.functionTimeout)).toBe(HOST_SETTINGS.functionTimeoutMs);
    expect(ms(hostJson.extensions.queues.visibilityTimeout)).toBe(HOST_SETTINGS.visibilityTimeoutMs);
    expect(hostJson.extensions.http.routePrefix).toBe(HOST_SETTINGS.routePrefix);
    // The publisher writes base64; the host must read base64.
    expect(hostJson.extensions.queues.messageEncoding).toBe('base64');
  });

  it('sets the logging levels: warnings by default, the functions and the queue listener at information', () => {
    expect(hostJson.logging.logLevel).toMatchObject({
      default: 'Warning',
      Function: 'Information',
      'Host.Results': 'Information',
      'Host.Triggers.Queue': 'Information',
    });
  });
});

describe('deploy/main.bicep', () => {
  it('names every registered function with its trigger and route, queue or schedule', () => {
    const listed = objectsOf(bicepVar(bicep, 'functions'));
    expect(listed).toEqual(registrations.map(expectedEntry));
    for (const name of Object.keys(app.functions)) expect(listed.map((f) => f.name)).toContain(name);
  });

  it('gives every function a kill switch app setting', () => {
    expect(bicep).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep's interpolation, in Bicep source
      "var killSwitches = [for fn in functions: { name: 'AzureWebJobs.${fn.name}.Disabled', value: 'false' }]",
    );
    expect(bicep).toMatch(/appSettings: concat\(appSettings, nodeVersionSetting, killSwitches\)/);
  });

  it('creates the queue processOrder reads, its poison queue and the tables', () => {
    const route = queueRegistration().queue;
    expect(stringVar(bicep, 'ordersQueue')).toBe(route.queueName);
    expect(route.queueName).toBe(ORDERS_QUEUE);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Bicep's interpolation, in Bicep source
    expect(bicep).toContain("var poisonQueue = '${ordersQueue}-poison'");
    expect(route.poisonQueueName).toBe(`${ORDERS_QUEUE}-poison`);
    expect(bicep).toMatch(/for queue in \[ordersQueue, poisonQueue\]/);
    expect(stringVar(bicep, 'ordersTable')).toBe(DEFAULT_ORDERS_TABLE);
    expect(stringVar(bicep, 'stateTable')).toBe(DEFAULT_STATE_TABLE);
    expect(bicep).toMatch(/for table in \[ordersTable, stateTable\]/);
  });

  it('runs Node.js 22 with the settings the entry reads', () => {
    const settings = Object.fromEntries(
      objectsOf(bicepVar(bicep, 'appSettings')).map((s) => [s.name, s.value]),
    );
    // The queue trigger's connection is the host's storage account.
    expect(queueRegistration().options.connection).toBe('AzureWebJobsStorage');
    expect(settings).toMatchObject({
      AzureWebJobsStorage: 'storageConnection',
      FUNCTIONS_EXTENSION_VERSION: '~4',
      FUNCTIONS_WORKER_RUNTIME: 'node',
      FUNCTIONS_NODE_BLOCK_ON_ENTRY_POINT_ERROR: 'true',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'appInsights.properties.ConnectionString',
      PAYMENTS_URL: 'paymentsUrl',
      ORDERS_TABLE: 'ordersTable',
      ORDERS_STATE_TABLE: 'stateTable',
    });
    expect(bicep).toContain("linuxFxVersion: linux ? 'NODE|22' : null");
    expect(bicep).toContain(
      "var nodeVersionSetting = linux ? [] : [{ name: 'WEBSITE_NODE_DEFAULT_VERSION', value: '~22' }]",
    );
  });

  it('deploys the SLO alert rules as a module over Application Insights', () => {
    expect(bicep).toMatch(/module sloAlerts 'slo\/orders-slo-alerts\.json' = \{/);
    expect(bicep).toContain('applicationInsightsId: appInsights.id');
  });

  it('alerts when the poison queue has messages, from the queue service logs', () => {
    expect(bicep).toMatch(
      /resource queueLogs 'Microsoft\.Insights\/diagnosticSettings@[\d-]+(-preview)?' = \{\n\s+name: 'queue-logs'\n\s+scope: queueService/,
    );
    expect(bicep).toContain(
      "query: replace(replace(loadTextContent('queries/poison-depth.kql'), '{account}', storage.name), '{poisonQueue}', poisonQueue)",
    );
    const kql = readFileSync(path.join(deploy, 'queries/poison-depth.kql'), 'utf8');
    expect(kql).toContain('StorageQueueLogs');
    expect(kql).toContain("Uri contains '/{poisonQueue}/messages'");
    expect(kql).toMatch(/\| extend depth = added - removed/);
    expect(bicep).toMatch(/metricMeasureColumn: 'depth'\n\s+operator: 'GreaterThan'\n\s+threshold: 0/);
  });
});

describe('deploy/slo/orders-slo-alerts.json', () => {
  const deployed = JSON.parse(readFileSync(path.join(deploy, 'slo/orders-slo-alerts.json'), 'utf8'));

  it('is what the orders objectives generate (regenerate with npm run slo -w @faasade/orders-azure)', () => {
    expect(deployed).toEqual(JSON.parse(JSON.stringify(azureAlertRules(ordersSlos))));
  });

  it('has a page and a ticket alert rule for every objective, at the burn rates of its window', () => {
    const rules = deployed.resources as AlertRule[];
    for (const slo of ordersSlos.slos) {
      const own = rules.filter((r) => r.properties.actions.customProperties.slo === slo.id);
      const expected = azureBurnRateAlerts(slo.window).map((pair) => [pair.severity, pair.burnRate]);
      expect(
        own.map((r) => [
          r.properties.actions.customProperties.severity,
          r.properties.criteria.allOf[0].threshold,
        ]),
      ).toEqual(expected);
    }
  });

  it('judges functions the app has', () => {
    for (const slo of ordersSlos.slos) {
      if (slo.function !== '*') expect(Object.keys(app.functions)).toContain(slo.function);
    }
    expect(deployed.parameters).toHaveProperty('applicationInsightsId');
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSchedule } from '@faasade/core';
import { createOrdersApp, memoryServices } from '@faasade/orders';
import { burnRateAlerts, judgedFunctions, renderSloFiles } from '@faasade/slo';
import ordersSlos from '../../../packages/slo/examples/orders.slo';
import { dig, loadTerraform, referenced, type TerraformConfig, type Tf } from './support/terraform';

const DIR = join(__dirname, '../deploy/terraform');
const PUBSUB_EVENT = 'google.cloud.pubsub.topic.v1.messagePublished';
const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };
/** `'6h'` → 21600. */
const seconds = (window: string) => Number.parseInt(window, 10) * UNIT_SECONDS[window.slice(-1)];
const app = createOrdersApp(
  memoryServices({ paymentsUrl: 'http://127.0.0.1:9', events: { publish: async () => undefined } }),
);

describe('deploy/terraform: the GCP deployment of the orders app', () => {
  let tf: TerraformConfig;
  let functions: Record<string, Tf>;

  /** Each deployed function by entry point, the `for_each` over local.http_functions expanded. */
  function byEntryPoint(): Map<string, Tf> {
    const found = new Map<string, Tf>();
    for (const fn of Object.values(functions)) {
      const entryPoint = dig(fn, 'build_config', 'entry_point');
      if (entryPoint === `\${each.key}`) {
        expect(fn.for_each).toBe(`\${toset(local.http_functions)}`);
        for (const name of tf.locals.http_functions as string[]) found.set(name, fn);
      } else found.set(String(entryPoint), fn);
    }
    return found;
  }
  const topicName = (expression: unknown) =>
    dig(tf.resources.google_pubsub_topic[referenced(expression, 'google_pubsub_topic', 'id') ?? ''], 'name');

  beforeAll(async () => {
    tf = await loadTerraform(DIR);
    functions = tf.resources.google_cloudfunctions2_function;
  });

  it('deploys every function of the app, and the `api` router, with its name as the entry point, on nodejs22', () => {
    const deployed = byEntryPoint();
    expect([...deployed.keys()].sort()).toEqual([...Object.keys(app.functions), 'api'].sort());
    expect(tf.locals.runtime).toBe('nodejs22');
    for (const fn of Object.values(functions)) {
      expect(dig(fn, 'build_config', 'runtime')).toBe(`\${local.runtime}`);
      expect(dig(fn, 'build_config', 'source', 'storage_source', 'object')).toBe(
        `\${google_storage_bucket_object.bundle.name}`,
      );
    }
  });

  it('triggers each function as the app declares it: HTTP, the `orders` topic with retries, the scheduler job', () => {
    const deployed = byEntryPoint();
    for (const [name, fn] of Object.entries(app.functions)) {
      const resource = deployed.get(name);
      expect(resource).toBeDefined();
      const trigger = dig(resource, 'event_trigger') as Tf | undefined;
      if (fn.kind === 'http') {
        expect(trigger).toBeUndefined();
      } else if (fn.kind === 'queue') {
        expect(trigger).toMatchObject({ event_type: PUBSUB_EVENT, retry_policy: 'RETRY_POLICY_RETRY' });
        expect(topicName(trigger?.pubsub_topic)).toBe(fn.options.queue);
      } else if (fn.kind === 'schedule') {
        expect(trigger).toMatchObject({ event_type: PUBSUB_EVENT });
        const jobs = Object.values(tf.resources.google_cloud_scheduler_job).filter(
          (job) => dig(job, 'pubsub_target', 'topic_name') === trigger?.pubsub_topic,
        );
        expect(jobs).toHaveLength(1);
        expect(jobs[0].schedule).toBe(parseSchedule(fn.options, name).cron);
      } else {
        throw new Error(`${name}: the deployment has no trigger for ${fn.kind} functions`);
      }
    }
  });

  it("dead-letters `orders` to orders-dead-letter after the app's maxAttempts", () => {
    const processOrder = app.functions.processOrder;
    if (processOrder.kind !== 'queue') throw new Error('processOrder is a queue function');
    const attempts = tf.variables.max_delivery_attempts;
    expect(attempts.default).toBe(processOrder.options.maxAttempts);
    expect(dig(tf.resources.google_pubsub_topic.orders_dead_letter, 'name')).toBe('orders-dead-letter');
    // The function is told the same number (MAX_DELIVERY_ATTEMPTS sets its maxAttempts).
    expect(tf.locals.environment).toContain('MAX_DELIVERY_ATTEMPTS    = tostring(var.max_delivery_attempts)');
    expect(tf.locals.environment).toContain('NODE_ENV                 = "production"');

    // Eventarc's subscription of processOrder gets the policy; it follows the trigger.
    const policy = tf.resources.terraform_data.orders_dead_letter_policy;
    expect(policy.triggers_replace).toEqual(
      expect.arrayContaining([`\${google_cloudfunctions2_function.process_order.event_trigger[0].trigger}`]),
    );
    const command = String(dig(policy, 'provisioner', 'local-exec', 'command'));
    expect(command).toContain(`--dead-letter-topic=\${google_pubsub_topic.orders_dead_letter.id}`);
    expect(command).toContain(`--max-delivery-attempts=\${var.max_delivery_attempts}`);
    expect(command).toContain('--role=roles/pubsub.subscriber');
    // Pub/Sub's service agent may publish to the dead-letter topic.
    expect(tf.resources.google_pubsub_topic_iam_member.dead_letter_forward).toMatchObject({
      topic: `\${google_pubsub_topic.orders_dead_letter.id}`,
      role: 'roles/pubsub.publisher',
      member: `serviceAccount:\${local.pubsub_agent}`,
    });
  });

  it('connects every function to Cloud SQL and Memorystore through the VPC, with the URLs from Secret Manager', () => {
    expect(tf.locals.secrets).toEqual({
      DATABASE_URL: `\${google_secret_manager_secret.database_url.secret_id}`,
      REDIS_URL: `\${google_secret_manager_secret.redis_url.secret_id}`,
    });
    for (const fn of Object.values(functions)) {
      expect(dig(fn, 'service_config')).toMatchObject({
        vpc_connector: `\${google_vpc_access_connector.functions.id}`,
        environment_variables: `\${local.environment}`,
      });
      expect(dig(fn, 'service_config', 'dynamic', 'secret_environment_variables', 'for_each')).toBe(
        `\${local.secrets}`,
      );
    }
    const sql = tf.resources.google_sql_database_instance.orders;
    expect(String(sql.database_version)).toMatch(/^POSTGRES_/);
    expect(dig(sql, 'settings', 'ip_configuration')).toMatchObject({
      ipv4_enabled: false,
      private_network: `\${google_compute_network.orders.id}`,
    });
    expect(tf.resources.google_redis_instance.state).toMatchObject({
      authorized_network: `\${google_compute_network.orders.id}`,
      auth_enabled: true,
    });
    expect(
      String(dig(tf.resources.google_secret_manager_secret_version.database_url, 'secret_data')),
    ).toContain(`\${google_sql_database_instance.orders.private_ip_address}:5432`);
  });

  it("alerts when the dead-letter topic's subscription has undelivered messages", () => {
    const keep = Object.entries(tf.resources.google_pubsub_subscription).find(
      ([, s]) => s.topic === `\${google_pubsub_topic.orders_dead_letter.id}`,
    );
    expect(keep).toBeDefined();
    const alert = tf.resources.google_monitoring_alert_policy.dead_letters;
    const condition = dig(alert, 'conditions', 'condition_threshold') as Tf;
    expect(condition.filter).toContain(
      'metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"',
    );
    expect(condition.filter).toContain(`\${google_pubsub_subscription.${keep![0]}.name}`);
    expect(condition).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: 0 });
  });

  it('carries the Cloud Monitoring SLOs generated from the orders objectives, up to date (npm run slo)', () => {
    const committed = JSON.parse(readFileSync(join(DIR, 'orders-slo.tf.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(renderSloFiles(ordersSlos)['gcp/orders-slo.tf.json']));
  });

  it('has, for every objective on every function it judges, its SLO and the four burn-rate alert policies', () => {
    const deployed = byEntryPoint();
    const slos = tf.resources.google_monitoring_slo;
    const policies = Object.values(tf.resources.google_monitoring_alert_policy);
    let expected = 0;
    for (const slo of ordersSlos.slos) {
      for (const fn of judgedFunctions(ordersSlos, slo)) {
        expected++;
        expect(deployed.has(fn)).toBe(true);
        const found = Object.entries(slos).filter(
          ([, s]) =>
            dig(s, 'user_labels', 'slo') === slo.id && JSON.stringify(s).includes(`faas_name=\\"${fn}\\"`),
        );
        expect(found).toHaveLength(1);
        const [address, resource] = found[0];
        expect(resource).toMatchObject({ goal: slo.objective, rolling_period_days: 30 });

        const ref = `\${google_monitoring_slo.${address}.name}`;
        const mine = policies.filter((p) => JSON.stringify(p).includes(ref));
        const seen = mine.map((p) => {
          const conditions = p.conditions as Tf[];
          return {
            severity: p.severity,
            combiner: p.combiner,
            thresholds: conditions.map((c) => dig(c, 'condition_threshold', 'threshold_value')),
            filters: conditions.map((c) => dig(c, 'condition_threshold', 'filter')),
          };
        });
        expect(seen).toEqual(
          burnRateAlerts(slo.window).map((alert) => ({
            severity: alert.severity === 'page' ? 'CRITICAL' : 'WARNING',
            combiner: 'AND',
            thresholds: [alert.burnRate, alert.burnRate],
            filters: [alert.longWindow, alert.shortWindow].map(
              (w) => `select_slo_burn_rate("${ref}", "${seconds(w)}s")`,
            ),
          })),
        );
      }
    }
    expect(Object.keys(slos)).toHaveLength(expected);
  });

  it('declares every variable once across the hand-written files and the generated one', () => {
    expect(tf.files).toEqual(expect.arrayContaining(['main.tf', 'orders-slo.tf.json']));
    expect(Object.keys(tf.variables)).toEqual(
      expect.arrayContaining([
        'project',
        'payments_url',
        'max_delivery_attempts',
        'slo_page_notification_channels',
      ]),
    );
  });

  it('has a deploy script bash accepts, which builds the bundle and applies this configuration', () => {
    const script = join(__dirname, '../deploy/deploy.sh');
    execFileSync('bash', ['-n', script]);
    const text = readFileSync(script, 'utf8');
    expect(text).toContain('npm run build -w @faasade/orders-gcp');
    expect(text).toMatch(/terraform -chdir="\$here\/terraform"/);
  });
});

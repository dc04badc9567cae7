import { DEFAULT_LABELS, DEFAULT_SLO_WINDOW, type SloWindow } from '../constants';
import { InvalidSloConfigError } from '../errors';
import { defaultDescription, kebab } from './describe';
import { formatSeconds, parseSloWindow, toBucketBoundary } from './duration';
import type {
  AwsTarget,
  AzureTarget,
  GcpTarget,
  ObjectiveDeclaration,
  Sli,
  Slo,
  SloLabels,
  SloSet,
} from './types';
import { checkFunctionName, checkObjective, checkSloName } from './validate';

/** The SLOs of one service, as declared beside its functions (plain data, so it can also be JSON). */
export interface SloConfig {
  /** The service the functions belong to (lowercase letters, digits, dashes). */
  service: string;
  /**
   * The runbook every alert links to; `{service}` and `{slo}` are replaced, so one page per SLO
   * can be addressed: `'https://runbooks.acme.dev/{service}#{slo}'`. Required unless every
   * objective names its own.
   */
  runbookUrl?: string;
  /** The rolling window of every objective that does not name its own. Default `'30d'`. */
  window?: SloWindow;
  /** Every function of the service; `'*'` expands to these where a cloud needs one alarm per function. Default: the keys of `slos`. */
  functions?: string[];
  /** The Prometheus label names of the function and the cloud. Default `faas_name` and `cloud_provider`. */
  labels?: Partial<SloLabels>;
  /**
   * Where the CloudWatch alarms read the EMF metrics. Defaults match `@faasade/core/telemetry`'s
   * EMF exporter: namespace = the service, function dimension `faas.name` (the exporter publishes
   * each function's FaaS metrics under `[faas.name]` alone), no extra dimensions, seconds.
   */
  aws?: Partial<AwsTarget>;
  azure?: Partial<AzureTarget>;
  gcp?: Partial<GcpTarget>;
  /** Objectives keyed by function name; `'*'` applies to every function that has no objective of the same kind of its own. */
  slos: Record<string, readonly ObjectiveDeclaration[]>;
}

/** Availability and processing success read the same counters, so one overrides the other for `'*'`. */
function family(kind: Sli['kind']): string {
  return kind === 'processingSuccess' ? 'availability' : kind;
}

function resolveSli(declaration: ObjectiveDeclaration, where: string): Sli {
  switch (declaration.kind) {
    case 'availability':
    case 'processingSuccess':
    case 'coldStarts':
      return { kind: declaration.kind };
    case 'latency':
      return { kind: 'latency', thresholdSeconds: toBucketBoundary(declaration.under, `${where} threshold`) };
    default:
      throw new InvalidSloConfigError(
        `${where} has kind ${JSON.stringify((declaration as { kind?: unknown }).kind)}; ` +
          'use availability, processingSuccess, latency or coldStarts',
      );
  }
}

function defaultId(fn: string, sli: Sli): string {
  const who = fn === '*' ? 'all' : kebab(fn);
  const what = sli.kind === 'latency' ? `latency-${formatSeconds(sli.thresholdSeconds)}` : kebab(sli.kind);
  return `${who}-${what}`;
}

function checkLabel(value: unknown, where: string): string {
  if (typeof value === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(value)) return value;
  throw new InvalidSloConfigError(`${where} ${JSON.stringify(value)} is not a Prometheus label name`);
}

function checkDurationUnit(value: unknown): AwsTarget['durationUnit'] {
  if (value === 'Seconds' || value === 'Milliseconds') return value;
  throw new InvalidSloConfigError(
    `aws.durationUnit ${JSON.stringify(value)} must be 'Seconds' or 'Milliseconds'`,
  );
}

function runbookOf(config: SloConfig, declaration: ObjectiveDeclaration, id: string, where: string): string {
  const template = declaration.runbookUrl ?? config.runbookUrl;
  if (typeof template !== 'string' || template.trim() === '') {
    throw new InvalidSloConfigError(
      `${where} has no runbook: set runbookUrl in the config (every alert links to the page the on-call engineer ` +
        `opens, e.g. 'https://runbooks.acme.dev/{service}#{slo}') or on the objective`,
    );
  }
  return template.replaceAll('{service}', config.service).replaceAll('{slo}', id);
}

function resolveObjective(
  config: SloConfig,
  fn: string,
  declaration: ObjectiveDeclaration,
  index: number,
  window: SloWindow,
): Omit<Slo, 'excludedFunctions'> {
  const where = `slos[${JSON.stringify(fn)}][${index}]`;
  if (typeof declaration !== 'object' || declaration === null) {
    throw new InvalidSloConfigError(
      `${where} is not an objective: use availability(), latency(), coldStarts()…`,
    );
  }
  const sli = resolveSli(declaration, where);
  const objective = checkObjective(declaration.objective, `${where} objective`);
  const ownWindow =
    declaration.window === undefined ? window : parseSloWindow(declaration.window, `${where} window`);
  const id =
    declaration.name === undefined ? defaultId(fn, sli) : checkSloName(declaration.name, `${where} name`);
  checkSloName(id, `${where}: the derived name (set a shorter one with { name })`);
  return {
    id,
    service: config.service,
    function: fn,
    sli,
    objective,
    window: ownWindow,
    description: declaration.description ?? defaultDescription(fn, sli, objective, ownWindow),
    runbookUrl: runbookOf(config, declaration, id, where),
  };
}

/**
 * Validates the objectives of a service and resolves them into one {@link Slo} per function and
 * objective: the input of every generator (Prometheus rules, OpenSLO, the clouds' alerts).
 * Mistakes throw an error that names the objective and says what is wrong.
 *
 * @example
 * ```ts
 * import { availability, coldStarts, defineSlos, latency } from '@faasade/slo';
 *
 * const set = defineSlos({
 *   service: 'orders',
 *   runbookUrl: 'https://runbooks.acme.dev/{service}#{slo}',
 *   slos: {
 *     createOrder: [availability(0.999), latency({ under: '1s', objective: 0.99 })],
 *     '*': [coldStarts({ objective: 0.95 })],
 *   },
 * });
 * console.log(set.slos.map((slo) => slo.id)); // ['create-order-availability', 'create-order-latency-1s', 'all-cold-starts']
 * ```
 */
export function defineSlos(config: SloConfig): SloSet {
  if (typeof config !== 'object' || config === null) {
    throw new InvalidSloConfigError('the SLO config must be an object with service, runbookUrl and slos');
  }
  const service = checkSloName(config.service, 'service');
  if (typeof config.slos !== 'object' || config.slos === null || Array.isArray(config.slos)) {
    throw new InvalidSloConfigError(
      'slos must be an object keyed by function name (or "*"), each an array of objectives',
    );
  }
  const window = config.window === undefined ? DEFAULT_SLO_WINDOW : parseSloWindow(config.window, 'window');
  const named = Object.keys(config.slos).map((fn) => checkFunctionName(fn, 'slos key'));
  const functions = (config.functions ?? named.filter((fn) => fn !== '*')).map((fn) =>
    checkFunctionName(fn, 'functions entry'),
  );
  for (const fn of named) {
    if (fn !== '*' && !functions.includes(fn)) {
      throw new InvalidSloConfigError(
        `slos names function ${JSON.stringify(fn)}, which is not listed in functions`,
      );
    }
  }

  const resolved = named.flatMap((fn) => {
    const declarations = config.slos[fn];
    if (!Array.isArray(declarations)) {
      throw new InvalidSloConfigError(`slos[${JSON.stringify(fn)}] must be an array of objectives`);
    }
    return declarations.map((declaration, index) =>
      resolveObjective({ ...config, service }, fn, declaration, index, window),
    );
  });

  const seen = new Set<string>();
  for (const slo of resolved) {
    if (seen.has(slo.id)) {
      throw new InvalidSloConfigError(
        `two objectives are named ${JSON.stringify(slo.id)}: give one of them another name with { name }`,
      );
    }
    seen.add(slo.id);
  }

  const slos: Slo[] = resolved.map((slo) => ({
    ...slo,
    excludedFunctions:
      slo.function === '*'
        ? [
            ...new Set(
              resolved
                .filter((other) => other.function !== '*' && family(other.sli.kind) === family(slo.sli.kind))
                .map((other) => other.function),
            ),
          ]
        : [],
  }));

  return {
    service,
    functions,
    labels: {
      function: checkLabel(config.labels?.function ?? DEFAULT_LABELS.function, 'labels.function'),
      cloud: checkLabel(config.labels?.cloud ?? DEFAULT_LABELS.cloud, 'labels.cloud'),
    },
    slos,
    aws: {
      // The EMF exporter's default namespace is the service name: the alarms read it there.
      namespace: config.aws?.namespace ?? service,
      functionDimension: config.aws?.functionDimension ?? 'faas.name',
      extraDimensions: config.aws?.extraDimensions ?? {},
      durationUnit: checkDurationUnit(config.aws?.durationUnit ?? 'Seconds'),
    },
    azure: { functionDimension: config.azure?.functionDimension ?? 'faas.name' },
    gcp: {
      metricPrefix: config.gcp?.metricPrefix ?? 'workload.googleapis.com/',
      functionLabel: config.gcp?.functionLabel ?? 'faas_name',
      resourceType: config.gcp?.resourceType ?? 'generic_task',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder for envsubst, not a template literal
      project: config.gcp?.project ?? '${GCP_PROJECT}',
    },
  };
}

/** The functions an SLO judges by name: itself, or for `'*'` every function of the set but the excluded ones. */
export function judgedFunctions(set: SloSet, slo: Slo): string[] {
  if (slo.function !== '*') return [slo.function];
  return set.functions.filter((fn) => !slo.excludedFunctions.includes(fn));
}

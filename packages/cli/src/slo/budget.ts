import {
  budgetFromCounts,
  budgetFromRatios,
  parseAlertWindow,
  parseSloWindow,
  RECORDED,
  type SloWindow,
} from '@faasade/slo';
import { count, parseOptions, required } from '../args';
import { CliUsageError, PrometheusQueryError } from '../errors';
import type { CliIo } from '../io';
import { countedReport, seriesReport, statusJson } from './budget-report';
import { queryVector, type Sample } from './prometheus';

export const BUDGET_USAGE = `Usage:
  faasade slo budget --objective <share> [--window 30d] --total <n> --bad <n>
                     [--burn-window 1h --burn-total <n> --burn-bad <n>] [--json]
  faasade slo budget --prometheus <url> --slo <id> [--objective <share>] [--window 30d]
                     [--burn-window 1h] [--json]

Prints the error budget left and the time until it is spent at the current burn rate.

From counts: --total and --bad are the events over the SLO window so far; --burn-total and
--burn-bad the events over the recent --burn-window (default 1h) that give the current burn
rate. Without them, the window's average burn rate is used.

From Prometheus: reads the series the generated rules record for the SLO --slo
(slo:objective:ratio, slo:sli_error:ratio_rate<window> and _rate<burn-window>), one report per
function and cloud.

Options:
  --objective <share>   the target, such as 0.999 (from Prometheus: read from slo:objective:ratio)
  --window <w>          30d, 28d or 7d (from Prometheus: read from slo:objective:ratio)
  --burn-window <w>     5m, 30m, 1h, 2h, 6h, 1d or 3d (default 1h)
  --json                print JSON instead of a table
`;

const OPTIONS = {
  objective: { type: 'string' },
  window: { type: 'string' },
  total: { type: 'string' },
  bad: { type: 'string' },
  'burn-window': { type: 'string' },
  'burn-total': { type: 'string' },
  'burn-bad': { type: 'string' },
  prometheus: { type: 'string' },
  slo: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Options = ReturnType<typeof parseOptions<typeof OPTIONS>>;
const COMMAND = 'slo budget';

function objectiveOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new CliUsageError(
      `${COMMAND}: --objective must be a share such as 0.999, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function fromCounts(options: Options, io: CliIo): number {
  const objective = objectiveOf(required(options.objective, '--objective', COMMAND)) as number;
  const window = parseSloWindow(options.window ?? '30d', '--window');
  const counts = {
    total: count(options.total, '--total', COMMAND),
    bad: count(options.bad, '--bad', COMMAND),
  };
  const wantsBurn = options['burn-total'] !== undefined || options['burn-bad'] !== undefined;
  if (!wantsBurn && options['burn-window'] !== undefined) {
    throw new CliUsageError(`${COMMAND}: --burn-window needs --burn-total and --burn-bad`);
  }
  const burn = wantsBurn
    ? {
        window: parseAlertWindow(options['burn-window'] ?? '1h', '--burn-window'),
        counts: {
          total: count(options['burn-total'], '--burn-total', COMMAND),
          bad: count(options['burn-bad'], '--burn-bad', COMMAND),
        },
      }
    : undefined;
  const status = budgetFromCounts({ objective, window, counts, burn });
  io.stdout(options.json ? `${JSON.stringify(statusJson(status), null, 2)}\n` : countedReport(status));
  return 0;
}

const key = (labels: Record<string, string>) =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([name]) => name !== '__name__')
      .sort(),
  );

async function fromPrometheus(url: string, options: Options, io: CliIo): Promise<number> {
  for (const flag of ['total', 'bad', 'burn-total', 'burn-bad'] as const) {
    if (options[flag] !== undefined)
      throw new CliUsageError(`${COMMAND}: --${flag} counts cannot be combined with --prometheus`);
  }
  const slo = required(options.slo, '--slo', COMMAND);
  if (!/^[a-z0-9-]+$/.test(slo))
    throw new CliUsageError(`${COMMAND}: --slo ${JSON.stringify(slo)} is not an SLO name`);
  const selector = `{slo="${slo}"}`;
  let objective = objectiveOf(options.objective);
  let window: SloWindow | undefined =
    options.window === undefined ? undefined : parseSloWindow(options.window, '--window');
  if (objective === undefined || window === undefined) {
    const [recorded] = await queryVector(url, `${RECORDED.objective}${selector}`);
    if (!recorded) {
      throw new PrometheusQueryError(
        `${url} has no ${RECORDED.objective}${selector}: are the rules of ${slo} loaded? (or pass --objective and --window)`,
      );
    }
    objective ??= recorded.value;
    window ??= parseSloWindow(recorded.labels.window, `the window label of ${RECORDED.objective}`);
  }
  const burnWindow = parseAlertWindow(options['burn-window'] ?? '1h', '--burn-window');
  const [windowRatios, burnRatios] = await Promise.all([
    queryVector(url, `${RECORDED.errorRatio(window)}${selector}`),
    queryVector(url, `${RECORDED.errorRatio(burnWindow)}${selector}`),
  ]);
  if (windowRatios.length === 0) {
    throw new PrometheusQueryError(
      `${url} has no ${RECORDED.errorRatio(window)}${selector}: no traffic over the window, or the rules of ${slo} are not loaded`,
    );
  }
  const burnByKey = new Map(burnRatios.map((sample: Sample) => [key(sample.labels), sample.value]));
  const reports = windowRatios.map((sample) => {
    const { __name__: _, ...labels } = sample.labels;
    const status = budgetFromRatios({
      objective: objective as number,
      window: window as SloWindow,
      windowErrorRatio: sample.value,
      burnErrorRatio: burnByKey.get(key(sample.labels)) ?? null,
      burnWindow,
    });
    return { labels, status };
  });
  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        reports.map(({ labels, status }) => statusJson(status, { labels })),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const { labels, status } of reports) {
      const heading = Object.entries(labels)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ');
      io.stdout(seriesReport(heading, status));
    }
  }
  return 0;
}

/** `faasade slo budget`: the error budget left and the time to its exhaustion. */
export async function budgetCommand(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, OPTIONS, COMMAND);
  if (options.help) {
    io.stdout(BUDGET_USAGE);
    return 0;
  }
  return options.prometheus === undefined
    ? fromCounts(options, io)
    : fromPrometheus(options.prometheus, options, io);
}

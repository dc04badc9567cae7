import { windowSeconds } from '../constants';
import { type BurnRateAlert, burnRateAlerts, type Severity } from '../burn-rate/policy';
import { formatDuration } from '../budget/format';
import type { Slo } from '../objective/types';
import { errorBudget } from '../objective/numbers';

/** A stretch of synthetic traffic: `minutes` long, with a constant share of bad events. */
export interface Phase {
  minutes: number;
  /** Share of bad events in each minute (0 … 1). */
  errorRatio: number;
  /** Events per minute; 0 for no traffic at all. */
  eventsPerMinute: number;
}

/** One deployment of the function under test: its cloud label and its traffic. */
export interface Deployment {
  cloud: string;
  phases: Phase[];
}

/** At a minute, which deployments must be firing each alert; a severity left out is not checked then. */
export interface AlertCheck {
  minute: number;
  firing: Partial<Record<Severity, string[]>>;
}

/** One promtool test group: deployments with synthetic traffic and what the alerts and series must do. */
export interface Scenario {
  name: string;
  deployments: Deployment[];
  checks: AlertCheck[];
  /** When the recorded series are checked: their expected values per cloud, or `null` where none may exist. */
  seriesCheck: {
    minute: number;
    expected: { cloud: string; budgetRemaining: number; currentBurnRate: number }[] | null;
  };
}

const EVENTS_PER_MINUTE = 1000;
/** The 6-hour page window must be full before the fast burn starts, or a short history would page sooner than production. */
const FAST_BURN_START = 360;
/** Six hours of slow burn settle the 1-hour and 6-hour page windows at the slow rate. */
const SLOW_BURN_START = 60;
const SLOW_BURN_MINUTES = 360;
// Prometheus 3 reads one sample fewer per range than Prometheus 2 and extrapolates, which moves
// a crossing by up to a minute: no check is made that close to one.
const MARGIN_MINUTES = 2;

const perMinute = (phases: Phase[]) =>
  phases.flatMap((phase) => Array<number>(phase.minutes).fill(phase.errorRatio));

/** Burn rate over the `windowMinutes` up to `minute`, as rate() sees it: over the history there is when it is shorter. */
function windowBurnRate(ratios: number[], minute: number, windowMinutes: number, budget: number): number {
  const inWindow = ratios.slice(Math.max(0, minute - windowMinutes), minute);
  return inWindow.reduce((sum, ratio) => sum + ratio, 0) / inWindow.length / budget;
}

function pairFires(ratios: number[], minute: number, pair: BurnRateAlert, budget: number): boolean {
  const long = windowBurnRate(ratios, minute, windowSeconds(pair.longWindow) / 60, budget);
  const short = windowBurnRate(ratios, minute, windowSeconds(pair.shortWindow) / 60, budget);
  return long > pair.burnRate && short > pair.burnRate;
}

/** Whether an alert of `severity` fires at each minute (index 0 is minute 1), by the same arithmetic as the rules. */
export function firingByMinute(slo: Slo, phases: Phase[], severity: Severity): boolean[] {
  const budget = errorBudget(slo.objective);
  const pairs = burnRateAlerts(slo.window).filter((pair) => pair.severity === severity);
  const ratios = perMinute(phases);
  return ratios.map((_, index) => pairs.some((pair) => pairFires(ratios, index + 1, pair, budget)));
}

/** The state at `minute` if it holds from `MARGIN_MINUTES` before to after it, `undefined` if a crossing is near. */
function settled(firing: boolean[], minute: number): boolean | undefined {
  const around = firing.slice(Math.max(0, minute - 1 - MARGIN_MINUTES), minute + MARGIN_MINUTES);
  return around.every((state) => state === around[0]) ? around[0] : undefined;
}

/** What the recorded series read at the end: the window ratio from the 5-minute rates, the burn rate over 1 hour. */
function expectedSeries(phases: Phase[], budget: number) {
  const ratios = perMinute(phases);
  let sum = 0;
  for (let minute = 1; minute <= ratios.length; minute++) sum += windowBurnRate(ratios, minute, 5, budget);
  return {
    budgetRemaining: 1 - sum / ratios.length,
    currentBurnRate: windowBurnRate(ratios, ratios.length, 60, budget),
  };
}

/**
 * The two test groups every SLO gets. The first runs three deployments of the function side by
 * side: on aws a fast burn after six healthy hours, on azure a slow burn, on gcp a healthy
 * service, so it also proves that one cloud's burn alerts for that cloud only. The second has
 * no traffic at all. Burn rates are relative to the SLO's own thresholds, so they mean the same
 * for every objective and window: healthy is half the lowest ticket threshold, slow twice it
 * (under every page threshold and the 1-day ticket threshold), fast ten times the 1-hour page
 * threshold or every event bad, whichever is less.
 */
export function scenariosFor(slo: Slo): Scenario[] {
  const budget = errorBudget(slo.objective);
  const [fastPair, , , slowPair] = burnRateAlerts(slo.window);
  const ratioAt = (burnRate: number) => Math.min(1, Number((burnRate * budget).toPrecision(6)));
  const [healthy, slow, fast] = [slowPair.burnRate / 2, slowPair.burnRate * 2, fastPair.burnRate * 10].map(
    ratioAt,
  );
  const phase = (minutes: number, errorRatio: number): Phase => ({
    minutes,
    errorRatio,
    eventsPerMinute: EVENTS_PER_MINUTE,
  });
  const times = (ratio: number) => `${Number((ratio / budget).toPrecision(4))}x`;

  const probe = firingByMinute(slo, [phase(FAST_BURN_START, healthy), phase(FAST_BURN_START, fast)], 'page');
  const pagedAt = probe.indexOf(true) + 1;
  const end = Math.max(SLOW_BURN_START + SLOW_BURN_MINUTES, pagedAt + 20);
  const deployments: Deployment[] = [
    { cloud: 'aws', phases: [phase(FAST_BURN_START, healthy), phase(end - FAST_BURN_START, fast)] },
    { cloud: 'azure', phases: [phase(SLOW_BURN_START, healthy), phase(end - SLOW_BURN_START, slow)] },
    { cloud: 'gcp', phases: [phase(end, healthy)] },
  ];
  const states = deployments.map((deployment) => ({
    cloud: deployment.cloud,
    page: firingByMinute(slo, deployment.phases, 'page'),
    ticket: firingByMinute(slo, deployment.phases, 'ticket'),
  }));
  const [, slowState, healthyState] = states;
  const ticketedAt = slowState.ticket.indexOf(true) + 1;
  if (
    pagedAt === 0 ||
    ticketedAt === 0 ||
    slowState.page.includes(true) ||
    healthyState.page.includes(true) ||
    healthyState.ticket.includes(true)
  ) {
    // The burn rates above are chosen so that this cannot happen; if the policy changes, say so loudly.
    throw new Error(`the synthetic scenarios of ${slo.id} no longer separate fast and slow burns`);
  }

  // Each claim is checked once its crossing is past, at the first minute where no deployment is near a crossing of either alert.
  const calm = (minute: number) =>
    states.every(
      (state) => settled(state.page, minute) !== undefined && settled(state.ticket, minute) !== undefined,
    );
  const firstCalm = (from: number) => {
    for (let minute = from; minute <= end; minute++) if (calm(minute)) return minute;
    throw new Error(
      `the synthetic scenarios of ${slo.id} have no quiet minute after minute ${from} to check`,
    );
  };
  const pageCheck = firstCalm(pagedAt + MARGIN_MINUTES);
  const minutes = [SLOW_BURN_START, firstCalm(ticketedAt + MARGIN_MINUTES), FAST_BURN_START, pageCheck, end];
  const checks: AlertCheck[] = [...new Set(minutes)].map((minute) => ({
    minute,
    firing: {
      page: states.filter((state) => settled(state.page, minute)).map((state) => state.cloud),
      ticket: states.filter((state) => settled(state.ticket, minute)).map((state) => state.cloud),
    },
  }));
  const pageWithin = pageCheck - FAST_BURN_START;
  return [
    {
      name:
        `${slo.id}: on aws a fast burn at ${times(fast)} the budget pages within ${formatDuration(pageWithin * 60)}; ` +
        `on azure a slow burn at ${times(slow)} opens a ticket and never pages; on gcp a healthy ${times(healthy)} fires nothing`,
      deployments,
      checks,
      seriesCheck: {
        minute: end,
        expected: deployments.map((deployment) => ({
          cloud: deployment.cloud,
          ...expectedSeries(deployment.phases, budget),
        })),
      },
    },
    {
      name: `${slo.id}: a service with no traffic fires nothing and records no ratio (no NaN)`,
      deployments: [{ cloud: 'aws', phases: [{ minutes: 120, errorRatio: 0, eventsPerMinute: 0 }] }],
      checks: [10, 60, 120].map((minute) => ({ minute, firing: { page: [], ticket: [] } })),
      seriesCheck: { minute: 120, expected: null },
    },
  ];
}

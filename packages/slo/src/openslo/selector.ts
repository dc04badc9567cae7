import { InvalidOpenSloError } from '../errors';

/** One label matcher of a Prometheus selector. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** The metric an OpenSLO query reads and the labels it selects. */
export interface MetricSelector {
  metric: string;
  matchers: LabelMatcher[];
}

const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

function parseMatchers(text: string, query: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < text.length && text.slice(MATCHER.lastIndex).trim() !== '') {
    const match = MATCHER.exec(text);
    if (!match)
      throw new InvalidOpenSloError(`cannot read the label matchers of the query ${JSON.stringify(query)}`);
    matchers.push({
      name: match[1],
      op: match[2] as LabelMatcher['op'],
      value: match[3].replace(/\\(.)/g, '$1'),
    });
  }
  return matchers;
}

/**
 * Finds the selector of one of `metrics` in a query. faasade writes a bare selector
 * (`faas_errors_total{faas_name="createOrder"}`); other tools often wrap it
 * (`sum(rate(faas_errors_total{…}[5m]))`), which reads the same.
 */
export function parseSelector(query: string, metrics: readonly string[]): MetricSelector {
  const pattern = new RegExp(`(?<![\\w:])(${metrics.join('|')})(?![\\w:])\\s*(?:\\{([^}]*)\\})?`);
  const match = pattern.exec(query);
  if (!match) {
    throw new InvalidOpenSloError(
      `the query ${JSON.stringify(query)} reads none of the metrics faasade judges (${metrics.join(', ')})`,
    );
  }
  return { metric: match[1], matchers: match[2] === undefined ? [] : parseMatchers(match[2], query) };
}

/** Writes a selector back: `metric{a="b",c="d"}`. */
export function formatSelector(selector: MetricSelector): string {
  if (selector.matchers.length === 0) return selector.metric;
  const matchers = selector.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`);
  return `${selector.metric}{${matchers.join(',')}}`;
}

/** The error budget of an objective, rounded so that 1 − 0.999 is 0.001 and not 0.0010000000000000009. */
export function errorBudget(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}

/** A number as PromQL and YAML should show it: 0.0144, not 0.014400000000000001. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

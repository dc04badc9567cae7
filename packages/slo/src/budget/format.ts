const UNITS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/**
 * A duration for people, in its largest unit and the next one: `'11d 6h'`, `'3h 20m'`, `'45m'`,
 * `'30s'`; `'never'` for an infinite one.
 *
 * @example
 * ```ts
 * import { formatDuration } from '@faasade/slo';
 * formatDuration(7.5 * 86400); // '7d 12h'
 * ```
 */
export function formatDuration(seconds: number): string {
  if (seconds === Number.POSITIVE_INFINITY) return 'never';
  const total = Math.max(0, Math.round(seconds));
  const first = UNITS.findIndex(([, size]) => total >= size);
  if (first === -1) return '0s';
  const [unit, size] = UNITS[first];
  const parts = [`${Math.floor(total / size)}${unit}`];
  const next = UNITS[first + 1];
  if (next) {
    const amount = Math.floor((total % size) / next[1]);
    if (amount > 0) parts.push(`${amount}${next[0]}`);
  }
  return parts.join(' ');
}

/**
 * Secrets found by their shape inside any string: JSON Web Tokens and payment card numbers.
 * The scans are costly next to a log line, so {@link needsScan} first rules out, cheaply, the
 * strings that cannot hold either (no `eyJ`, no 13 characters in a row of digits, spaces, dashes).
 */

/**
 * A JWT (JWS has three parts, JWE five), from a base64url header that starts `eyJ` (`{"`).
 * Further dot-separated parts are taken too, so that text glued before a token can not split it.
 */
const JWT = /eyJ[\w=-]+\.[\w=-]+(?:\.[\w=-]*)+/g;

/**
 * A UUID (skipped: its digit groups are not a card, and ids must stay readable), or else a
 * maximal run of at least 13 digits, each pair separated by at most one space or dash.
 */
const UUID_OR_DIGIT_RUN =
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|\d(?:[ -]?\d){12,}/gi;

const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/**
 * True when a string may hold a JWT (`eyJ`) or a card number and must go through
 * {@link scrubString}. It runs on every string of every line, so it looks at as little as it can:
 * a card spans at least 13 characters from `0-9`, space and dash, and any such stretch covers
 * one of every 13th character, so only those are tested, and a stretch is measured only around
 * a hit. Random ids (UUIDs, hashes) thus cost two or three character tests, not a full scan.
 */
export function needsScan(s: string): boolean {
  const n = s.length;
  if (n < MIN_CARD_DIGITS) return false;
  if (s.includes('eyJ')) return true;
  for (let i = MIN_CARD_DIGITS - 1; i < n; i += MIN_CARD_DIGITS) {
    if (!isRunCode(s.charCodeAt(i))) continue;
    let start = i;
    let end = i;
    while (start > 0 && isRunCode(s.charCodeAt(start - 1))) start--;
    while (end + 1 < n && isRunCode(s.charCodeAt(end + 1))) end++;
    if (end - start + 1 >= MIN_CARD_DIGITS) return true;
    // The next stretch starts after end + 1, so sampling from end + 13 still meets it.
    i = end;
  }
  return false;
}

/** A character a card number is written with: a digit, a space or a dash. */
function isRunCode(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 32 || c === 45;
}

/** Replaces every JWT and every card number in `s` with `censor`. */
export function scrubString(s: string, censor: string): string {
  if (s.includes('eyJ')) s = s.replace(JWT, censor);
  return s.replace(UUID_OR_DIGIT_RUN, (run: string, uuid: string | undefined, at: number, whole: string) => {
    if (uuid !== undefined) return run;
    const gluedBefore = isLetterCode(whole.charCodeAt(at - 1));
    const gluedAfter = isLetterCode(whole.charCodeAt(at + run.length));
    return containsCardNumber(run, gluedBefore, gluedAfter) ? censor : run;
  });
}

/**
 * True when some group of 13–19 digits of the run passes the Luhn check, where a group starts and
 * ends at the run's ends or at a separator. So a card followed by an expiry or a CVV
 * (`4111 1111 1111 1111 12 29`, `4111111111111111-123`) is caught, while a longer number glued
 * together (`54111111111111111`) is a different number, not a card inside it. In the same way an
 * end of the run glued to a letter (`9a41-0000…` in a hex id, `sha1f…`) is part of a token, like a
 * regex `\b` sees it, and no group starts or ends there. Prefix sums make each group O(1), so a
 * long digit string costs linear time.
 */
export function containsCardNumber(run: string, gluedBefore = false, gluedAfter = false): boolean {
  const digits: number[] = [];
  /** For each digit: does a group start here / end here. */
  const starts: boolean[] = [];
  const ends: boolean[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    const next = run.charCodeAt(i + 1) - 48;
    starts.push(digits.length === 0 ? !gluedBefore : !isDigitCode(run.charCodeAt(i - 1)));
    ends.push(i === run.length - 1 ? !gluedAfter : !(next >= 0 && next <= 9));
    digits.push(c);
  }
  const n = digits.length;
  if (n < MIN_CARD_DIGITS) return false;
  // sums[p][i]: sum of digits[0..i) where positions of parity p are doubled (Luhn's doubling).
  const sums = [new Array<number>(n + 1), new Array<number>(n + 1)];
  sums[0][0] = 0;
  sums[1][0] = 0;
  for (let i = 0; i < n; i++) {
    const d = digits[i];
    const doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sums[0][i + 1] = sums[0][i] + (i % 2 === 0 ? doubled : d);
    sums[1][i + 1] = sums[1][i] + (i % 2 === 1 ? doubled : d);
  }
  for (let end = MIN_CARD_DIGITS - 1; end < n; end++) {
    if (!ends[end]) continue;
    // Luhn doubles every second digit counting from the check digit at `end`.
    const table = sums[(end + 1) % 2];
    const longest = Math.min(MAX_CARD_DIGITS, end + 1);
    for (let length = MIN_CARD_DIGITS; length <= longest; length++) {
      const start = end + 1 - length;
      if (starts[start] && (table[end + 1] - table[start]) % 10 === 0) return true;
    }
  }
  return false;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

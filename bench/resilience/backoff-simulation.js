// The AWS Architecture Blog's "Exponential Backoff And Jitter" experiment, with faasade's own
// backoff strategies: N clients each make one optimistic-concurrency write to the same item.
// An attempt reads at t and commits at t + WORK_MS; it fails if anyone committed in between,
// and the client then sleeps what its backoff says and tries again.
const path = require('node:path');

const { constantBackoff, exponentialBackoff } = require(
  path.join(__dirname, '../../packages/core/dist/resilience'),
);

const WORK_MS = 10;
const BASE_MS = 10;
const CAP_MS = 5_000;

/** A seeded uniform [0, 1) source (mulberry32), so every run of the bench sees the same draws. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STRATEGIES = {
  'no backoff': () => constantBackoff(0),
  exponential: (random) => exponentialBackoff({ baseMs: BASE_MS, capMs: CAP_MS, jitter: 'none', random }),
  'full jitter (default)': (random) =>
    exponentialBackoff({ baseMs: BASE_MS, capMs: CAP_MS, jitter: 'full', random }),
  'equal jitter': (random) => exponentialBackoff({ baseMs: BASE_MS, capMs: CAP_MS, jitter: 'equal', random }),
  'decorrelated jitter': (random) =>
    exponentialBackoff({ baseMs: BASE_MS, capMs: CAP_MS, jitter: 'decorrelated', random }),
};

/** A binary min-heap of [time, client] by time, then client, so that runs are deterministic. */
class Queue {
  items = [];
  push(item) {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
  get size() {
    return this.items.length;
  }
}
const less = (x, y) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

/** One contest: returns the attempts made in all and when the last client finished. */
function contest(clients, makeBackoff, seed) {
  const random = seeded(seed);
  const backoff = makeBackoff(random);
  const failures = new Array(clients).fill(0);
  const previous = new Array(clients).fill(0);
  const readAt = new Array(clients).fill(0);
  const commits = new Queue();
  let lastCommit = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let finished = 0;
  for (let c = 0; c < clients; c++) {
    calls++;
    commits.push([WORK_MS, c]);
  }
  while (commits.size > 0) {
    const [at, c] = commits.pop();
    if (lastCommit <= readAt[c]) {
      lastCommit = at;
      finished = at;
      continue;
    }
    const sleep = backoff.delayMs(failures[c]++, previous[c]);
    previous[c] = sleep;
    readAt[c] = at + sleep;
    calls++;
    commits.push([readAt[c] + WORK_MS, c]);
  }
  return { calls, completionMs: finished };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median calls and completion time of each strategy, for each number of clients, over `seeds` runs. */
function simulateBackoff({ clients = [10, 50, 100], seeds = 25 } = {}) {
  const rows = [];
  for (const n of clients) {
    for (const [name, make] of Object.entries(STRATEGIES)) {
      const runs = Array.from({ length: seeds }, (_, seed) => contest(n, make, seed + 1));
      rows.push({
        clients: n,
        strategy: name,
        calls: median(runs.map((r) => r.calls)),
        completionMs: median(runs.map((r) => r.completionMs)),
      });
    }
  }
  return rows;
}

module.exports = { simulateBackoff, WORK_MS, BASE_MS, CAP_MS };

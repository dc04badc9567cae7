// One cold start in a fresh process: `node cold-worker.js <lambda.js> <subject.js>`. Loads the
// bundle, runs the first invocation (its telemetry flush included), and reports the time from
// process start (performance.timeOrigin) to the response, and from the bundle's require to the
// response (the same without Node's own start-up, which every variant shares and which is most
// of the run-to-run noise).
const { event, context } = require(process.argv[2]);
const requireMs = performance.now();
const { handler } = require(process.argv[3]);

handler(event, context()).then(
  (response) => {
    const firstResponseMs = performance.now();
    process.send(
      { firstResponseMs, fromRequireMs: firstResponseMs - requireMs, status: response.statusCode },
      () => process.exit(0),
    );
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);

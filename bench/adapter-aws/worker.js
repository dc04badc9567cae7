// One measurement in its own process: builds one subject's (or layer's) handler, calls it `warmup` times,
// then times `count` sequential invocations with a fresh Lambda context each, and reports µs per
// invocation. stdout (every subject's log lines and EMF) goes to /dev/null.
const { subjects, httpApiEvent, lambdaContext } = require('./subjects');
const { layers } = require('./layers');

const [name, warmupArg, countArg] = process.argv.slice(2);

async function main() {
  const handler = await (subjects[name] ?? layers[name].build)();
  const warmup = Number(warmupArg);
  const count = Number(countArg);
  const event = httpApiEvent();
  const run = async (i) => {
    const result = await handler(event, lambdaContext(i));
    if (result.statusCode !== 201) throw new Error(`${name} answered ${result.statusCode}: ${result.body}`);
  };
  for (let i = 0; i < warmup; i++) await run(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run(warmup + i);
  const ns = Number(process.hrtime.bigint() - start);
  process.send({ usPerCall: ns / 1000 / count });
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

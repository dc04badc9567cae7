// One warm measurement in a fresh process: `node warm-worker.js <lambda.js> <subject.js> <warmup> <count>`.
// Invocations run one after another, as on Lambda; stdout goes to /dev/null; the result goes back over IPC.
async function main() {
  const [lambdaFile, subjectFile, warmup, count] = process.argv.slice(2);
  const { event, context } = require(lambdaFile);
  const { handler } = require(subjectFile);
  for (let i = 0; i < Number(warmup); i++) await handler(event, context());
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(count); i++) await handler(event, context());
  const elapsedNs = Number(process.hrtime.bigint() - start);
  process.send({ usPerInvocation: elapsedNs / 1000 / Number(count) }, () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

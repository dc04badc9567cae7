// One warm measurement in a fresh process: `node warm-worker.js <lambda.js> <subject.js> <warmup> <count>`.
// Invocations run one after another, as on Lambda; stdout goes to /dev/null; the result goes back over IPC:
// wall time and CPU time (user + system, process.cpuUsage: steadier than wall time on a shared machine).
async function main() {
  const [lambdaFile, subjectFile, warmup, count] = process.argv.slice(2);
  const { event, context } = require(lambdaFile);
  const { handler } = require(subjectFile);
  for (let i = 0; i < Number(warmup); i++) await handler(event, context());
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < Number(count); i++) await handler(event, context());
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  process.send(
    {
      usPerInvocation: elapsedNs / 1000 / Number(count),
      cpuUsPerInvocation: (used.user + used.system) / Number(count),
    },
    () => process.exit(0),
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

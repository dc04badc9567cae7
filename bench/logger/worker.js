// One measurement in a fresh process: `node worker.js <subject> <warmup lines> <timed lines>`.
// Lines go to fd 1 (run.js makes it /dev/null); the result goes back over IPC.
const { subjects } = require('./subjects');

async function main() {
  const [name, warmup, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  const subject = subjects[name]();
  for (let i = 0; i < warmup; i++) subject.log();
  await subject.done();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) subject.log();
  await subject.done();
  const elapsedNs = Number(process.hrtime.bigint() - start);
  process.send({ name, usPerLine: elapsedNs / 1000 / count });
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

// Prints one plain closing line ("tests: N passed, N failed, N skipped") after jest's own
// summary, so that CI logs can be read by tools that do not know jest's format. A suite that
// failed to load counts as a failure.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;

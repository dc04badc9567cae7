// `npm test` runs every workspace's jest project in one run, so there is one summary.
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/test'],
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
};

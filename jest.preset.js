// Shared jest settings for every workspace: TypeScript through SWC (no type check here; `tsc -b`
// does that), and @faasade/* resolved to their sources so tests never need a build first.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    // The apps that other workspaces import (the orders app, written once).
    '^@faasade/orders$': path.join(root, 'apps/orders/src'),
    '^@faasade/orders/payment-standin$': path.join(root, 'apps/orders/src/payment/standin'),
    '^@faasade/orders/(.+)$': path.join(root, 'apps/orders/src/$1'),
    '^@faasade/([a-z-]+)$': path.join(root, 'packages/$1/src'),
    '^@faasade/([a-z-]+)/(.+)$': path.join(root, 'packages/$1/src/$2'),
  },
  testMatch: ['**/?(*.)+(test|spec).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

const path = require('node:path');
const preset = require('../../jest.preset.js');

// The preset maps @faasade/<name> to packages/<name>/src; the orders app lives in apps/, and its
// subpath exports (package.json "exports") are mapped to its sources here.
const orders = path.join(__dirname, '../orders/src');

module.exports = {
  ...preset,
  displayName: 'orders-aws',
  moduleNameMapper: {
    '^@faasade/orders$': orders,
    '^@faasade/orders/payment-standin$': path.join(orders, 'payment/standin'),
    '^@faasade/orders/(.+)$': path.join(orders, '$1'),
    ...preset.moduleNameMapper,
  },
};

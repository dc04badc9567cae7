// @faasade/orders lives in apps/, which the preset's @faasade/* mapping (packages/) does not reach.
const preset = require('../../jest.preset.js');
const path = require('node:path');

const orders = path.resolve(__dirname, '../orders/src');

module.exports = {
  ...preset,
  displayName: 'orders-gcp',
  moduleNameMapper: {
    '^@faasade/orders$': orders,
    '^@faasade/orders/store/(.+)$': `${orders}/store/$1`,
    ...preset.moduleNameMapper,
  },
};

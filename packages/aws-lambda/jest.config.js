module.exports = { ...require('../../jest.preset.js'), displayName: 'aws-lambda' };

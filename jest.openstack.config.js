// `npm run test:openstack`: the contract suite and a REST scenario against the real cloud
// named by OS_* / OS_CLOUD / OPENSTACK_* in the environment. Not part of `npm test`.
const base = require('./jest.config.js').projects[0];

module.exports = {
  ...base,
  displayName: 'openstack',
  testMatch: ['<rootDir>/test/openstack/**/*.openstack-spec.ts'],
  globalSetup: '<rootDir>/test/openstack/require-cloud.ts',
  maxWorkers: 1,
  testTimeout: 15 * 60_000,
};

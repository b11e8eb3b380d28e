// `npm run test:e2e-real`: the REST e2e suites again, with USE_MOCK_OPENSTACK=false: the real
// client talks HTTP to a second app serving the OpenStack-compatible API over the simulator.
// Not part of `npm test` (it doubles its time); CI runs it.
const { projects, ...global } = require('./jest.config.js');
const e2e = projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...global,
  ...e2e,
  displayName: 'e2e-real',
  // Suites that pick their client themselves would run here exactly as in `npm test`.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/openstack-api-',
    '/test/real-client',
    '/test/openapi-problems',
    '/test/build\\.',
  ],
  setupFiles: ['<rootDir>/test/support/real-client-mode.ts'],
};

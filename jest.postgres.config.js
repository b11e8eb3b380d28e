// `npm run test:postgres`: the REST e2e suites on PostgreSQL (one fresh database per app),
// against the throwaway server that test/postgres/run.sh starts. Not part of `npm test`,
// which needs nothing but Node.
const { projects, ...global } = require('./jest.config.js');
const e2e = projects.find((p) => p.displayName === 'e2e');

module.exports = {
  ...global,
  ...e2e,
  displayName: 'e2e-postgres',
  testMatch: [...e2e.testMatch, '<rootDir>/test/postgres/**/*.pg-spec.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/openstack-api-',
    '/test/real-client',
    '/test/build\\.',
  ],
};

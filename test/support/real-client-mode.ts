// Setup file of `npm run test:e2e-real` (jest.e2e-real.config.js): the REST suites run with
// the real OpenStack client against the OpenStack-compatible API (see test-app.ts).
process.env.E2E_OPENSTACK_CLIENT = 'real';

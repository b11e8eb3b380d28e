// Setup file of the `e2e-real` Jest project: the REST suites run with the real
// OpenStack client against the OpenStack-compatible API (see test-app.ts).
process.env.E2E_OPENSTACK_CLIENT = 'real';

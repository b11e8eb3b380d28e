/**
 * The OpenStack-compatible API (Keystone v3 / Nova v2.1 / Glance v2 wire format) served
 * over the simulator, for running OpenStack clients against this app with no cloud.
 * Exported from here because only `src/compute` may reach into `compute/mock`.
 */
export { OpenStackApiModule } from './mock/openstack-api/openstack-api.module';
export { registerOpenStackApi } from './mock/openstack-api/register-openstack-api';

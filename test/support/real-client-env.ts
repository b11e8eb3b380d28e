/**
 * The environment that points the service's real OpenStack client at an app serving
 * the OpenStack-compatible API (USE_MOCK_OPENSTACK=false, as `loadConfig` reads it).
 */
export function realClientEnv(cloud: {
  authUrl: string;
  password: string;
  projectName: string;
}): Record<string, string> {
  return {
    USE_MOCK_OPENSTACK: 'false',
    OPENSTACK_AUTH_URL: cloud.authUrl,
    OPENSTACK_USERNAME: 'vm-lifecycle',
    OPENSTACK_PASSWORD: cloud.password,
    OPENSTACK_PROJECT_NAME: cloud.projectName,
    OPENSTACK_USER_DOMAIN_NAME: 'Default',
    OPENSTACK_PROJECT_DOMAIN_NAME: 'Default',
  };
}

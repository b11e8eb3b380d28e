import type { SettingSpec } from './openstack-setting-layers';

const spec = (name: string, os: string[], ...cloud: string[][]): SettingSpec => ({
  name,
  os,
  cloud,
});

/** Every real-client setting, with its `OPENSTACK_*`, `OS_*` and clouds.yaml names. */
export const OPENSTACK_SETTINGS = {
  authUrl: spec('OPENSTACK_AUTH_URL', ['OS_AUTH_URL'], ['auth', 'auth_url']),
  authType: spec('OPENSTACK_AUTH_TYPE', ['OS_AUTH_TYPE'], ['auth_type']),
  username: spec('OPENSTACK_USERNAME', ['OS_USERNAME'], ['auth', 'username']),
  userId: spec('OPENSTACK_USER_ID', ['OS_USER_ID'], ['auth', 'user_id']),
  password: spec('OPENSTACK_PASSWORD', ['OS_PASSWORD'], ['auth', 'password']),
  projectName: spec(
    'OPENSTACK_PROJECT_NAME',
    ['OS_PROJECT_NAME', 'OS_TENANT_NAME'],
    ['auth', 'project_name'],
    ['auth', 'tenant_name'],
  ),
  projectId: spec(
    'OPENSTACK_PROJECT_ID',
    ['OS_PROJECT_ID', 'OS_TENANT_ID'],
    ['auth', 'project_id'],
    ['auth', 'tenant_id'],
  ),
  // clouds.yaml's `domain_*` is openstacksdk's default for both the user's and the project's domain.
  userDomainName: spec(
    'OPENSTACK_USER_DOMAIN_NAME',
    ['OS_USER_DOMAIN_NAME'],
    ['auth', 'user_domain_name'],
    ['auth', 'domain_name'],
  ),
  userDomainId: spec(
    'OPENSTACK_USER_DOMAIN_ID',
    ['OS_USER_DOMAIN_ID'],
    ['auth', 'user_domain_id'],
    ['auth', 'domain_id'],
  ),
  projectDomainName: spec(
    'OPENSTACK_PROJECT_DOMAIN_NAME',
    ['OS_PROJECT_DOMAIN_NAME'],
    ['auth', 'project_domain_name'],
    ['auth', 'domain_name'],
  ),
  projectDomainId: spec(
    'OPENSTACK_PROJECT_DOMAIN_ID',
    ['OS_PROJECT_DOMAIN_ID'],
    ['auth', 'project_domain_id'],
    ['auth', 'domain_id'],
  ),
  appCredentialId: spec(
    'OPENSTACK_APPLICATION_CREDENTIAL_ID',
    ['OS_APPLICATION_CREDENTIAL_ID'],
    ['auth', 'application_credential_id'],
  ),
  appCredentialName: spec(
    'OPENSTACK_APPLICATION_CREDENTIAL_NAME',
    ['OS_APPLICATION_CREDENTIAL_NAME'],
    ['auth', 'application_credential_name'],
  ),
  appCredentialSecret: spec(
    'OPENSTACK_APPLICATION_CREDENTIAL_SECRET',
    ['OS_APPLICATION_CREDENTIAL_SECRET'],
    ['auth', 'application_credential_secret'],
  ),
  regionName: spec('OPENSTACK_REGION_NAME', ['OS_REGION_NAME'], ['region_name']),
  interface: spec(
    'OPENSTACK_INTERFACE',
    ['OS_INTERFACE', 'OS_ENDPOINT_TYPE'],
    ['interface'],
    ['endpoint_type'],
  ),
  caFile: spec('OPENSTACK_CA_FILE', ['OS_CACERT'], ['cacert']),
  insecure: spec('OPENSTACK_INSECURE', ['OS_INSECURE'], ['insecure']),
  networks: spec('OPENSTACK_NETWORKS', []),
} as const;

export type OpenStackSettingName = keyof typeof OPENSTACK_SETTINGS;

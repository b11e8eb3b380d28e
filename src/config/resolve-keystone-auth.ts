import type {
  ApplicationCredentialAuth,
  KeystoneDomainRef,
  KeystoneRef,
  PasswordAuth,
} from './openstack-connection-config';
import type { OpenStackSettingLayers, SettingSpec } from './openstack-setting-layers';
import { OPENSTACK_SETTINGS as S } from './openstack-settings';
import { Secret } from './secret';

type Add = (name: string, problem: string) => void;
type Required = (spec: SettingSpec, why?: string) => void;

const PASSWORD_TYPES = new Set(['password', 'v3password']);
const APP_CREDENTIAL_TYPES = new Set([
  'v3applicationcredential',
  'applicationcredential',
  'v3_application_credential',
  'application_credential',
]);

/**
 * The Keystone v3 method and identity to authenticate with: an application credential
 * when the auth type says so (or, with no type, when one is configured), else a password
 * with a project scope. Reports missing settings through `required`.
 */
export function resolveKeystoneAuth(
  layers: OpenStackSettingLayers,
  add: Add,
  required: Required,
): PasswordAuth | ApplicationCredentialAuth | null {
  const get = (spec: SettingSpec) => layers.get(spec);
  const type = get(S.authType)?.toLowerCase();
  const appSecret = get(S.appCredentialSecret);
  if (type !== undefined && !PASSWORD_TYPES.has(type) && !APP_CREDENTIAL_TYPES.has(type)) {
    add(S.authType.name, 'must be password or v3applicationcredential');
    return null;
  }
  const useAppCredential =
    type !== undefined
      ? APP_CREDENTIAL_TYPES.has(type)
      : appSecret !== undefined || get(S.appCredentialId) !== undefined;

  if (useAppCredential) {
    if (!appSecret) required(S.appCredentialSecret, 'is required for application credentials');
    const id = get(S.appCredentialId);
    const name = get(S.appCredentialName);
    if (id && appSecret) {
      return { kind: 'application_credential', credential: { id }, secret: new Secret(appSecret) };
    }
    if (!id && !name) {
      required(S.appCredentialId, 'is required for application credentials');
      return null;
    }
    const user = name ? userRef(layers, required) : null;
    return name && user && appSecret
      ? {
          kind: 'application_credential',
          credential: { name, user },
          secret: new Secret(appSecret),
        }
      : null;
  }

  const user = userRef(layers, required);
  const password = get(S.password);
  if (!password) required(S.password);
  const project = projectRef(layers, required);
  return user && password && project
    ? { kind: 'password', user, password: new Secret(password), project }
    : null;
}

function userRef(layers: OpenStackSettingLayers, required: Required): KeystoneRef | null {
  const id = layers.get(S.userId);
  if (id) return { id };
  const name = layers.get(S.username);
  if (!name) {
    required(S.username);
    return null;
  }
  const domain = domainRef(layers.get(S.userDomainId), layers.get(S.userDomainName));
  if (!domain) required(S.userDomainName, 'is required with a user name');
  return domain ? { name, domain } : null;
}

function projectRef(layers: OpenStackSettingLayers, required: Required): KeystoneRef | null {
  const id = layers.get(S.projectId);
  if (id) return { id };
  const name = layers.get(S.projectName);
  if (!name) {
    required(S.projectName, 'is required: the client needs a project-scoped token');
    return null;
  }
  const domain = domainRef(layers.get(S.projectDomainId), layers.get(S.projectDomainName));
  if (!domain) required(S.projectDomainName, 'is required with a project name');
  return domain ? { name, domain } : null;
}

const domainRef = (id?: string, name?: string): KeystoneDomainRef | null =>
  id ? { id } : name ? { name } : null;

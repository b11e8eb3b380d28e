import { readFileSync } from 'node:fs';
import { readCloudEntry, type CloudEntry, type CloudsYamlLocations } from './clouds-yaml';
import type { EndpointInterface, OpenStackConnectionConfig } from './openstack-connection-config';
import { OpenStackSettingLayers, type SettingSpec } from './openstack-setting-layers';
import { OPENSTACK_SETTINGS as S } from './openstack-settings';
import { resolveKeystoneAuth } from './resolve-keystone-auth';

type Env = Record<string, string | undefined>;
type Problems = Record<string, string[]>;

/** Tuning values already validated with the rest of the environment. */
export interface OpenStackTuning {
  timeoutMs: number;
  maxRetries: number;
  breaker: { failureThreshold: number; cooldownMs: number };
}

const INTERFACES: Record<string, EndpointInterface> = {
  public: 'public',
  publicurl: 'public',
  internal: 'internal',
  internalurl: 'internal',
  admin: 'admin',
  adminurl: 'admin',
};

/**
 * Resolves the real client's connection settings from `OPENSTACK_*`, then `OS_*`, then
 * the clouds.yaml entry named by `OS_CLOUD`, setting by setting. Problems are keyed by
 * the `OPENSTACK_*` name (or `OS_CLOUD`) and never quote a value.
 */
export function resolveOpenStackConnection(
  env: Env,
  where: CloudsYamlLocations,
  tuning: OpenStackTuning,
): { config?: OpenStackConnectionConfig; problems: Problems } {
  const problems: Problems = {};
  const add = (name: string, problem: string) => (problems[name] ??= []).push(problem);

  let cloud: CloudEntry | null = null;
  const cloudName = env.OS_CLOUD?.trim();
  if (cloudName) {
    const entry = readCloudEntry(cloudName, env, where);
    if ('problem' in entry) {
      add('OS_CLOUD', entry.problem);
      return { problems }; // everything else would only repeat this one cause
    }
    cloud = entry;
  }
  const layers = new OpenStackSettingLayers(env, cloud);
  const get = (spec: SettingSpec) => layers.get(spec);
  const required = (spec: SettingSpec, why = 'is required when USE_MOCK_OPENSTACK=false') =>
    add(spec.name, `${why}; set ${layers.describe(spec)}`);

  const authUrl = get(S.authUrl);
  if (!authUrl) required(S.authUrl);
  else if (!isHttpUrl(authUrl)) add(S.authUrl.name, 'must be an http(s) URL');

  const auth = resolveKeystoneAuth(layers, add, required);

  const interfaceRaw = get(S.interface) ?? 'public';
  const endpointInterface = INTERFACES[interfaceRaw.toLowerCase()];
  if (!endpointInterface) add(S.interface.name, 'must be public, internal or admin');

  const networks = resolveNetworks(get(S.networks));
  if (!networks)
    add(S.networks.name, 'must be auto, none, or a comma-separated list of network ids');

  const tls = resolveTls(layers, cloud, add);

  if (Object.keys(problems).length > 0 || !authUrl || !auth || !endpointInterface || !networks) {
    return { problems };
  }
  return {
    problems,
    config: {
      authUrl,
      auth,
      regionName: get(S.regionName) ?? firstRegion(cloud),
      interface: endpointInterface,
      networks,
      timeoutMs: tuning.timeoutMs,
      maxRetries: tuning.maxRetries,
      breaker: tuning.breaker,
      tls,
      sources: layers.sources(),
    },
  };
}

function resolveNetworks(raw: string | undefined): OpenStackConnectionConfig['networks'] | null {
  const value = (raw ?? 'auto').trim();
  if (value === 'auto' || value === 'none') return value;
  const ids = value.split(',').map((id) => id.trim());
  return ids.every((id) => /^[A-Za-z0-9-]{1,64}$/.test(id)) ? ids : null;
}

function resolveTls(
  layers: OpenStackSettingLayers,
  cloud: CloudEntry | null,
  add: (name: string, problem: string) => void,
): OpenStackConnectionConfig['tls'] {
  const insecureRaw = layers.get(S.insecure);
  let insecure = cloud?.get('verify')?.toLowerCase() === 'false';
  if (insecureRaw !== undefined) {
    const parsed = parseBool(insecureRaw);
    if (parsed === null) add(S.insecure.name, 'must be true or false');
    else insecure = parsed;
  }
  const caFile = layers.get(S.caFile);
  if (!caFile) return { insecure };
  try {
    return { insecure, ca: readFileSync(caFile, 'utf8') };
  } catch {
    add(S.caFile.name, 'cannot be read');
    return { insecure };
  }
}

function firstRegion(cloud: CloudEntry | null): string | undefined {
  const regions = cloud?.raw('regions');
  if (!Array.isArray(regions) || regions.length === 0) return undefined;
  const first: unknown = regions[0];
  if (typeof first === 'string') return first;
  const name = (first as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return null;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import type { CloudsYamlLocations } from './clouds-yaml';
import { ConfigError } from './config-error';
import { DEV_ADMIN_API_KEY, EnvironmentVariables } from './environment-variables';
import type { OpenStackConnectionConfig } from './openstack-connection-config';
import { resolveOpenStackConnection } from './resolve-openstack-connection';

const KNOWN = new Set(
  Object.keys(new EnvironmentVariables()).concat([
    'DATABASE_URL',
    'ADMIN_API_KEY',
    'OPENSTACK_API_ENABLED',
    'OPENSTACK_API_PUBLIC_URL',
    'CORS_ORIGINS',
  ]),
);

/**
 * Validates an environment (normally `process.env`) and returns the typed config.
 * Every offending variable is reported at once; values are never echoed, because
 * some of them are secrets. With `USE_MOCK_OPENSTACK=false` the real client's cloud
 * is resolved too (`OPENSTACK_*`, then `OS_*`, then `OS_CLOUD` + clouds.yaml, looked
 * up from `where.cwd`, `$HOME/.config/openstack` and the system directory).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  where: CloudsYamlLocations = { cwd: process.cwd() },
): AppConfig {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // Empty strings count as unset, the way most .env tooling treats them.
    if (KNOWN.has(key) && value !== undefined && value !== '') raw[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw);
  const problems: Record<string, string[]> = {};
  for (const error of validateSync(vars, { skipMissingProperties: false })) {
    collect(error, problems);
  }
  let openstack: OpenStackConnectionConfig | undefined;
  if (vars.USE_MOCK_OPENSTACK === false) {
    const resolved = resolveOpenStackConnection(env, where, {
      timeoutMs: vars.OPENSTACK_TIMEOUT_MS,
      maxRetries: vars.OPENSTACK_MAX_RETRIES,
      breaker: {
        failureThreshold: vars.OPENSTACK_BREAKER_THRESHOLD,
        cooldownMs: vars.OPENSTACK_BREAKER_COOLDOWN_MS,
      },
    });
    for (const [name, list] of Object.entries(resolved.problems)) {
      (problems[name] ??= []).push(...list);
    }
    openstack = resolved.config;
  }
  const corsOrigins = parseOrigins(vars.CORS_ORIGINS, problems);
  if (vars.NODE_ENV === 'production' && vars.ADMIN_API_KEY === undefined) {
    problems.ADMIN_API_KEY = ['is required in production (at least 32 characters)'];
  }
  if (Object.keys(problems).length > 0) throw new ConfigError(problems);

  return new AppConfig({
    nodeEnv: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    useMockOpenStack: vars.USE_MOCK_OPENSTACK,
    openstack,
    mockLatencyMs: vars.MOCK_OPENSTACK_LATENCY_MS,
    reconcileIntervalMs: vars.RECONCILE_INTERVAL_MS,
    reconcileIdleIntervalMs: vars.RECONCILE_IDLE_INTERVAL_MS,
    database:
      vars.DATABASE_TYPE === 'postgres'
        ? { type: 'postgres', url: vars.DATABASE_URL! }
        : { type: 'sqlite', path: vars.DATABASE_PATH },
    adminApiKey: vars.ADMIN_API_KEY ?? DEV_ADMIN_API_KEY,
    openstackApi: {
      // On by default, except in production, where it must be asked for.
      enabled: vars.OPENSTACK_API_ENABLED ?? vars.NODE_ENV !== 'production',
      tokenTtlSeconds: vars.OPENSTACK_API_TOKEN_TTL_SECONDS,
      publicUrl: vars.OPENSTACK_API_PUBLIC_URL?.replace(/\/+$/, ''),
    },
    corsOrigins,
    retention: {
      intervalMs: vars.RETENTION_INTERVAL_MS,
      deletedHours: vars.RETENTION_DELETED_HOURS,
    },
    rateLimit: {
      requests: vars.RATE_LIMIT_REQUESTS,
      windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
    },
    imageUploadMaxBytes: vars.IMAGE_UPLOAD_MAX_BYTES,
  });
}

/** `CORS_ORIGINS`: each entry an origin (scheme, host, optional port), nothing more. */
function parseOrigins(value: string | undefined, problems: Record<string, string[]>): string[] {
  const origins: string[] = [];
  for (const entry of (value ?? '').split(',')) {
    const text = entry.trim();
    if (text === '') continue;
    let origin: string | null = null;
    try {
      const url = new URL(text);
      const web = url.protocol === 'http:' || url.protocol === 'https:';
      if (web && url.origin === text.replace(/\/$/, '')) {
        origin = url.origin;
      }
    } catch {
      origin = null;
    }
    if (origin) origins.push(origin);
    else
      (problems.CORS_ORIGINS ??= []).push(
        'must be a comma-separated list of origins such as https://console.example.com',
      );
  }
  return origins;
}

function collect(error: ValidationError, into: Record<string, string[]>): void {
  // Messages from class-validator start with the property name; keep them short and value-free.
  const messages = Object.values(error.constraints ?? {}).map((m) =>
    m.startsWith(error.property) ? m.slice(error.property.length).trim() : m,
  );
  if (messages.length > 0) (into[error.property] ??= []).push(...messages);
}

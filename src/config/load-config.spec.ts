import { ConfigError } from './config-error';
import { DEV_ADMIN_API_KEY } from './environment-variables';
import { loadConfig } from './load-config';

function problems(env: Record<string, string>): Record<string, string[]> {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.variables;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('has working defaults: simulator, embedded SQLite, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      useMockOpenStack: true,
      mockLatencyMs: 0,
      database: { type: 'sqlite', path: 'data/vm-lifecycle.sqlite' },
      adminApiKey: DEV_ADMIN_API_KEY,
      openstackApi: { enabled: true, tokenTtlSeconds: 3600 },
    });
  });

  it('reads typed values from strings', () => {
    const config = loadConfig({
      PORT: '8080',
      USE_MOCK_OPENSTACK: 'TRUE',
      MOCK_OPENSTACK_LATENCY_MS: '250',
      DATABASE_TYPE: 'postgres',
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      OPENSTACK_API_PUBLIC_URL: 'http://127.0.0.1:3000/',
    });
    expect(config).toMatchObject({
      port: 8080,
      mockLatencyMs: 250,
      database: { type: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/db' },
      openstackApi: { publicUrl: 'http://127.0.0.1:3000' },
    });
  });

  it('names every offending variable at once, never their values', () => {
    const env = {
      PORT: 'eighty',
      USE_MOCK_OPENSTACK: 'maybe',
      MOCK_OPENSTACK_LATENCY_MS: '-5',
      DATABASE_TYPE: 'oracle',
    };
    const found = problems(env);
    expect(Object.keys(found).sort()).toEqual([
      'DATABASE_TYPE',
      'MOCK_OPENSTACK_LATENCY_MS',
      'PORT',
      'USE_MOCK_OPENSTACK',
    ]);
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const value of ['eighty', 'maybe', 'oracle']) expect(message).not.toContain(value);
  });

  it('reads CORS origins and the rate limit, and refuses an origin with a path', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example.com, http://127.0.0.1:8080/',
      RATE_LIMIT_REQUESTS: '10',
      RATE_LIMIT_WINDOW_SECONDS: '5',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://127.0.0.1:8080']);
    expect(config.rateLimit).toEqual({ requests: 10, windowSeconds: 5 });
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(Object.keys(problems({ CORS_ORIGINS: 'https://a.example.com/app' }))).toEqual([
      'CORS_ORIGINS',
    ]);
    expect(Object.keys(problems({ CORS_ORIGINS: '*' }))).toEqual(['CORS_ORIGINS']);
    expect(Object.keys(problems({ RATE_LIMIT_WINDOW_SECONDS: '0' }))).toEqual([
      'RATE_LIMIT_WINDOW_SECONDS',
    ]);
  });

  it('reads the image upload limit: 10 GiB by default, 1 byte to 1 TiB', () => {
    expect(loadConfig({}).imageUploadMaxBytes).toBe(10 * 1024 ** 3);
    expect(loadConfig({ IMAGE_UPLOAD_MAX_BYTES: '1048576' }).imageUploadMaxBytes).toBe(1048576);
    expect(loadConfig({ IMAGE_UPLOAD_MAX_BYTES: String(1024 ** 4) }).imageUploadMaxBytes).toBe(
      1024 ** 4,
    );
    for (const bad of ['0', '-1', '1.5', String(1024 ** 4 + 1), 'lots']) {
      expect(Object.keys(problems({ IMAGE_UPLOAD_MAX_BYTES: bad }))).toEqual([
        'IMAGE_UPLOAD_MAX_BYTES',
      ]);
    }
  });

  it('requires DATABASE_URL only for postgres', () => {
    expect(Object.keys(problems({ DATABASE_TYPE: 'postgres' }))).toEqual(['DATABASE_URL']);
    expect(() => loadConfig({ DATABASE_TYPE: 'sqlite' })).not.toThrow();
  });

  describe('ADMIN_API_KEY in production', () => {
    it.each([
      ['missing', {}],
      ['short', { ADMIN_API_KEY: 'short-key' }],
      ['the development default', { ADMIN_API_KEY: DEV_ADMIN_API_KEY }],
    ])('refuses it when %s', (_case, extra: Record<string, string>) => {
      const found = problems({ NODE_ENV: 'production', ...extra });
      expect(Object.keys(found)).toEqual(['ADMIN_API_KEY']);
      expect(JSON.stringify(found)).not.toContain(DEV_ADMIN_API_KEY);
    });

    it('accepts a long, non-default key and turns the OpenStack API off by default', () => {
      const config = loadConfig({ NODE_ENV: 'production', ADMIN_API_KEY: 'x'.repeat(40) });
      expect(config.adminApiKey).toBe('x'.repeat(40));
      expect(config.openstackApi.enabled).toBe(false);
    });
  });

  it('ignores empty strings, as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  describe('with USE_MOCK_OPENSTACK=false (the real client)', () => {
    const where = { cwd: '/nonexistent', systemDir: '/nonexistent' };
    const OPENRC = {
      USE_MOCK_OPENSTACK: 'false',
      OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'demo-secret',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    };

    it('resolves the cloud and the tuning variables', () => {
      const config = loadConfig(
        { ...OPENRC, OPENSTACK_TIMEOUT_MS: '5000', OPENSTACK_MAX_RETRIES: '1' },
        where,
      );
      expect(config.useMockOpenStack).toBe(false);
      expect(config.openstack).toMatchObject({
        authUrl: 'http://127.0.0.1:5000/v3',
        timeoutMs: 5000,
        maxRetries: 1,
        breaker: { failureThreshold: 5, cooldownMs: 30_000 },
      });
    });

    it('names every missing credential and bad tuning value in one error', () => {
      const found = (() => {
        try {
          loadConfig({ USE_MOCK_OPENSTACK: 'false', OPENSTACK_TIMEOUT_MS: '5', PORT: 'x' }, where);
        } catch (error) {
          if (error instanceof ConfigError) return error.variables;
        }
        throw new Error('expected a ConfigError');
      })();
      expect(Object.keys(found).sort()).toEqual([
        'OPENSTACK_AUTH_URL',
        'OPENSTACK_PASSWORD',
        'OPENSTACK_PROJECT_NAME',
        'OPENSTACK_TIMEOUT_MS',
        'OPENSTACK_USERNAME',
        'PORT',
      ]);
    });

    it('never puts a credential in the error message', () => {
      let message = '';
      try {
        loadConfig({ ...OPENRC, OS_AUTH_URL: 'not a url', OS_PROJECT_NAME: '' }, where);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('OPENSTACK_AUTH_URL');
      expect(message).toContain('OPENSTACK_PROJECT_NAME');
      expect(message).not.toContain('demo-secret');
      expect(message).not.toContain('not a url');
    });
  });

  it('ignores OpenStack credentials in simulator mode', () => {
    const config = loadConfig({ OS_AUTH_URL: 'not a url', OS_CLOUD: 'missing' });
    expect(config.openstack).toBeUndefined();
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { resolveOpenStackConnection } from './resolve-openstack-connection';

const TUNING = {
  timeoutMs: 30_000,
  maxRetries: 3,
  breaker: { failureThreshold: 5, cooldownMs: 30_000 },
};
const OPENRC = {
  OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
  OS_USERNAME: 'demo',
  OS_PASSWORD: 'demo-secret',
  OS_PROJECT_NAME: 'demo',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
  OS_REGION_NAME: 'RegionOne',
  OS_IDENTITY_API_VERSION: '3',
};

describe('resolveOpenStackConnection', () => {
  let dir: string;
  let where: { cwd: string; systemDir: string };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clouds-'));
    where = { cwd: join(dir, 'cwd'), systemDir: join(dir, 'etc') };
    for (const sub of ['cwd', 'etc', 'home/.config/openstack']) {
      mkdirSync(join(dir, sub), { recursive: true });
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const resolve = (env: Record<string, string | undefined>) =>
    resolveOpenStackConnection({ HOME: join(dir, 'home'), ...env }, where, TUNING);
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);

  it('reads an openrc file’s OS_* variables into a project-scoped password login', () => {
    const { config, problems } = resolve(OPENRC);
    expect(problems).toEqual({});
    expect(config).toMatchObject({
      authUrl: 'http://127.0.0.1:5000/v3',
      auth: {
        kind: 'password',
        user: { name: 'demo', domain: { name: 'Default' } },
        project: { name: 'demo', domain: { name: 'Default' } },
      },
      regionName: 'RegionOne',
      interface: 'public',
      networks: 'auto',
      timeoutMs: 30_000,
      tls: { insecure: false },
      sources: ['OS_*'],
    });
    if (config?.auth.kind !== 'password') throw new Error('expected password auth');
    expect(config.auth.password.reveal()).toBe('demo-secret');
  });

  it('never shows a secret when the config is printed', () => {
    const { config } = resolve(OPENRC);
    expect(JSON.stringify(config)).not.toContain('demo-secret');
    expect(inspect(config, { depth: 10 })).not.toContain('demo-secret');
    expect(`${String((config?.auth as { password: unknown }).password)}`).toBe('[redacted]');
  });

  it('accepts ids, legacy tenant names and endpoint types', () => {
    const { config } = resolve({
      OS_AUTH_URL: 'https://keystone.example:5000',
      OS_USER_ID: 'u-1',
      OS_PASSWORD: 'p',
      OS_TENANT_NAME: 'legacy',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_ENDPOINT_TYPE: 'internalURL',
    });
    expect(config).toMatchObject({
      auth: { user: { id: 'u-1' }, project: { name: 'legacy', domain: { id: 'default' } } },
      interface: 'internal',
    });
    expect(resolve({ ...OPENRC, OS_PROJECT_ID: 'p-1' }).config?.auth).toMatchObject({
      project: { id: 'p-1' },
    });
  });

  it('lets OPENSTACK_* win over OS_*, and OS_* over clouds.yaml', () => {
    write(
      'cwd/clouds.yaml',
      'clouds:\n  lab:\n    region_name: FromYaml\n    interface: admin\n' +
        '    auth: {auth_url: "http://yaml:5000", username: y, password: yp, project_name: yp,' +
        ' user_domain_name: D, project_domain_name: D}\n',
    );
    const { config } = resolve({
      OS_CLOUD: 'lab',
      OS_REGION_NAME: 'FromOpenrc',
      OS_USERNAME: 'from-openrc',
      OPENSTACK_USERNAME: 'from-openstack',
    });
    expect(config).toMatchObject({
      authUrl: 'http://yaml:5000',
      regionName: 'FromOpenrc',
      interface: 'admin',
      auth: { user: { name: 'from-openstack' } },
    });
    expect(config?.sources).toEqual(
      expect.arrayContaining([
        'OPENSTACK_*',
        'OS_*',
        `clouds.yaml (${join(where.cwd, 'clouds.yaml')})`,
      ]),
    );
  });

  it('uses an application credential without user or project', () => {
    const { config, problems } = resolve({
      OPENSTACK_AUTH_URL: 'http://127.0.0.1/identity',
      OPENSTACK_APPLICATION_CREDENTIAL_ID: 'ac-1',
      OPENSTACK_APPLICATION_CREDENTIAL_SECRET: 'ac-secret',
    });
    expect(problems).toEqual({});
    expect(config?.auth).toMatchObject({
      kind: 'application_credential',
      credential: { id: 'ac-1' },
    });
  });

  it('takes an application credential by name with its user, when OS_AUTH_TYPE asks for one', () => {
    const { config } = resolve({
      ...OPENRC,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_NAME: 'ci',
      OS_APPLICATION_CREDENTIAL_SECRET: 's',
    });
    expect(config?.auth).toMatchObject({
      kind: 'application_credential',
      credential: { name: 'ci', user: { name: 'demo', domain: { name: 'Default' } } },
    });
  });

  describe('clouds.yaml', () => {
    const CLOUD =
      'clouds:\n  devstack:\n    auth:\n      auth_url: http://10.0.0.1/identity\n' +
      '      username: admin\n      project_name: admin\n      domain_name: Default\n' +
      '    regions: [RegionTwo, RegionThree]\n    verify: false\n';

    it('is found in ~/.config/openstack, merged with secure.yaml, domain_name as both domains', () => {
      write('home/.config/openstack/clouds.yaml', CLOUD);
      write(
        'home/.config/openstack/secure.yaml',
        'clouds:\n  devstack:\n    auth:\n      password: s3cret\n',
      );
      const { config, problems } = resolve({ OS_CLOUD: 'devstack' });
      expect(problems).toEqual({});
      expect(config).toMatchObject({
        authUrl: 'http://10.0.0.1/identity',
        auth: {
          user: { name: 'admin', domain: { name: 'Default' } },
          project: { name: 'admin', domain: { name: 'Default' } },
        },
        regionName: 'RegionTwo',
        tls: { insecure: true },
      });
    });

    it('prefers OS_CLIENT_CONFIG_FILE, then ./clouds.yaml, then the user’s, then the system’s', () => {
      const cloud = (url: string) =>
        `clouds:\n  c:\n    auth: {auth_url: "${url}", application_credential_id: i, application_credential_secret: s}\n`;
      write('etc/clouds.yaml', cloud('http://system'));
      expect(resolve({ OS_CLOUD: 'c' }).config?.authUrl).toBe('http://system');
      write('home/.config/openstack/clouds.yaml', cloud('http://user'));
      expect(resolve({ OS_CLOUD: 'c' }).config?.authUrl).toBe('http://user');
      write('cwd/clouds.yaml', cloud('http://cwd'));
      expect(resolve({ OS_CLOUD: 'c' }).config?.authUrl).toBe('http://cwd');
      write('explicit.yaml', cloud('http://explicit'));
      const explicit = resolve({
        OS_CLOUD: 'c',
        OS_CLIENT_CONFIG_FILE: join(dir, 'explicit.yaml'),
      });
      expect(explicit.config?.authUrl).toBe('http://explicit');
    });

    it('reports a missing file, a missing cloud and bad YAML on OS_CLOUD alone, quoting nothing', () => {
      expect(Object.keys(resolve({ OS_CLOUD: 'nowhere' }).problems)).toEqual(['OS_CLOUD']);
      write('cwd/clouds.yaml', CLOUD);
      const missing = resolve({ OS_CLOUD: 'other' }).problems;
      expect(missing.OS_CLOUD[0]).toMatch(/not defined/);
      expect(JSON.stringify(missing)).not.toContain('other');
      write('cwd/clouds.yaml', 'clouds: [password: hunter2\n');
      const bad = resolve({ OS_CLOUD: 'devstack' }).problems;
      expect(Object.keys(bad)).toEqual(['OS_CLOUD']);
      expect(JSON.stringify(bad)).not.toContain('hunter2');
    });
  });

  it('names every missing setting at once, with its alternatives', () => {
    const { config, problems } = resolve({});
    expect(config).toBeUndefined();
    expect(Object.keys(problems).sort()).toEqual([
      'OPENSTACK_AUTH_URL',
      'OPENSTACK_PASSWORD',
      'OPENSTACK_PROJECT_NAME',
      'OPENSTACK_USERNAME',
    ]);
    expect(problems.OPENSTACK_AUTH_URL[0]).toContain('OS_AUTH_URL');
    expect(problems.OPENSTACK_AUTH_URL[0]).toContain('auth.auth_url in clouds.yaml');
  });

  it('asks for the domains of names, and for an application credential’s secret', () => {
    const noDomains = resolve({ ...OPENRC, OS_USER_DOMAIN_NAME: '', OS_PROJECT_DOMAIN_NAME: '' });
    expect(Object.keys(noDomains.problems).sort()).toEqual([
      'OPENSTACK_PROJECT_DOMAIN_NAME',
      'OPENSTACK_USER_DOMAIN_NAME',
    ]);
    const noSecret = resolve({ OS_AUTH_URL: 'http://k', OS_APPLICATION_CREDENTIAL_ID: 'i' });
    expect(Object.keys(noSecret.problems)).toEqual(['OPENSTACK_APPLICATION_CREDENTIAL_SECRET']);
  });

  it('refuses bad values without echoing them', () => {
    const env = {
      ...OPENRC,
      OS_AUTH_URL: 'ftp://secret-host',
      OS_INTERFACE: 'sideways',
      OS_AUTH_TYPE: 'kerberos',
      OPENSTACK_NETWORKS: 'a b c',
      OPENSTACK_INSECURE: 'perhaps',
      OPENSTACK_CA_FILE: join(dir, 'missing.pem'),
    };
    const { problems } = resolve(env);
    expect(Object.keys(problems).sort()).toEqual([
      'OPENSTACK_AUTH_TYPE',
      'OPENSTACK_AUTH_URL',
      'OPENSTACK_CA_FILE',
      'OPENSTACK_INSECURE',
      'OPENSTACK_INTERFACE',
      'OPENSTACK_NETWORKS',
    ]);
    const text = JSON.stringify(problems);
    for (const value of ['secret-host', 'sideways', 'kerberos', 'perhaps', 'missing.pem']) {
      expect(text).not.toContain(value);
    }
  });

  it('reads a CA bundle and explicit networks', () => {
    write('ca.pem', '-----BEGIN CERTIFICATE-----\n');
    const { config } = resolve({
      ...OPENRC,
      OS_CACERT: join(dir, 'ca.pem'),
      OPENSTACK_NETWORKS: 'net-1, net-2',
    });
    expect(config?.tls.ca).toContain('BEGIN CERTIFICATE');
    expect(config?.networks).toEqual(['net-1', 'net-2']);
    expect(resolve({ ...OPENRC, OPENSTACK_NETWORKS: 'none' }).config?.networks).toBe('none');
  });
});

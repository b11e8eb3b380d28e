import { Agent, request, type Dispatcher } from 'undici';
import type {
  KeystoneRef,
  OpenStackConnectionConfig,
} from '../../src/config/openstack-connection-config';
import type { Seen, ServerApi, ServerCreate, ServerAction } from './server-api';

/** The microversion the direct client speaks: the first that takes `networks: "none"`. */
const MICROVERSION = '2.37';

type Json = Record<string, unknown>;

/**
 * A Nova client of its own, independent of the service under test, the way openstacksdk
 * talks to a cloud: one Keystone token, then Nova v2.1 over HTTP. It counts every request
 * it sends (the token's too), so its load on the cloud can be set beside the service's.
 */
export class NovaDirect implements ServerApi {
  /** HTTP requests sent so far, Keystone's included. */
  requests = 0;

  private constructor(
    private readonly agent: Agent,
    private readonly computeUrl: string,
    private readonly token: string,
    requestsSoFar: number,
  ) {
    this.requests = requestsSoFar;
  }

  /** Asks Keystone for a project-scoped token (one request) and finds Nova in its catalog. */
  static async connect(cloud: OpenStackConnectionConfig): Promise<NovaDirect> {
    const agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: { ca: cloud.tls.ca, rejectUnauthorized: !cloud.tls.insecure },
    });
    const res = await request(`${identityV3(cloud.authUrl)}/auth/tokens`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(authBody(cloud.auth)),
    });
    const body = (await res.body.json()) as { token?: { catalog?: CatalogEntry[] } };
    const token = res.headers['x-subject-token'];
    if (res.statusCode !== 201 || typeof token !== 'string') {
      await agent.close();
      throw new Error(`Keystone refused the credentials: HTTP ${res.statusCode}`);
    }
    const computeUrl = endpoint(body.token?.catalog ?? [], 'compute', cloud);
    return new NovaDirect(agent, computeUrl, token, 1);
  }

  async create(server: ServerCreate): Promise<string> {
    const body = await this.call('POST', '/servers', 202, {
      server: {
        name: server.name,
        imageRef: server.imageId,
        flavorRef: server.flavorId,
        metadata: server.metadata ?? {},
        networks: 'none',
      },
    });
    return ((body as { server: { id: string } }).server ?? {}).id;
  }

  async act(id: string, action: ServerAction): Promise<void> {
    const body = {
      stop: { 'os-stop': null },
      start: { 'os-start': null },
      reboot: { reboot: { type: 'SOFT' } },
    }[action];
    await this.call('POST', `/servers/${id}/action`, 202, body);
  }

  async delete(id: string): Promise<void> {
    await this.call('DELETE', `/servers/${id}`, 204);
  }

  async read(id: string): Promise<Seen> {
    const body = await this.call('GET', `/servers/${id}`, [200, 404]);
    return body === null ? 'GONE' : seenOf((body as { server: Json }).server);
  }

  /**
   * The project's server named exactly `name` (its id and state), from the detailed list,
   * so before its id is known; null while Nova lists none.
   */
  async serverNamed(name: string): Promise<{ id: string; seen: Seen } | null> {
    const pattern = encodeURIComponent(`^${escapeRegExp(name)}$`);
    const body = (await this.call('GET', `/servers/detail?name=${pattern}`, 200)) as {
      servers: Json[];
    };
    const server = body.servers.find((s) => s.name === name);
    return server ? { id: String(server.id), seen: seenOf(server) } : null;
  }

  /** The project's servers whose names match `pattern` (Nova's `name` filter, a regex). */
  async named(pattern: string): Promise<{ id: string; name: string }[]> {
    const body = (await this.call('GET', `/servers?name=${encodeURIComponent(pattern)}`, 200)) as {
      servers: { id: string; name: string }[];
    };
    return body.servers;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** One request; its JSON body (null for 404 or no content) when the status is expected. */
  private async call(
    method: Dispatcher.HttpMethod,
    path: string,
    expected: number | number[],
    json?: unknown,
  ): Promise<unknown> {
    this.requests += 1;
    const res = await request(this.computeUrl + path, {
      method,
      dispatcher: this.agent,
      headers: {
        'x-auth-token': this.token,
        accept: 'application/json',
        'openstack-api-version': `compute ${MICROVERSION}`,
        'x-openstack-nova-api-version': MICROVERSION,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.body.text();
    if (![expected].flat().includes(res.statusCode)) {
      throw new Error(`Nova ${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return res.statusCode === 404 || text === '' ? null : JSON.parse(text);
  }
}

const seenOf = (server: Json): Seen => ({
  status: String(server.status),
  taskState: (server['OS-EXT-STS:task_state'] as string | null | undefined) ?? null,
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CatalogEntry {
  type?: string;
  endpoints?: { interface?: string; region_id?: string; region?: string; url?: string }[];
}

/** Keystone's v3 root, whether the auth URL names the version or not. */
function identityV3(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed.replace(/\/v2\.0$/, '')}/v3`;
}

const keystoneRef = (ref: KeystoneRef): Json =>
  'id' in ref ? { id: ref.id } : { name: ref.name, domain: { ...ref.domain } };

function authBody(auth: OpenStackConnectionConfig['auth']): Json {
  if (auth.kind === 'application_credential') {
    const credential =
      'id' in auth.credential
        ? { id: auth.credential.id }
        : { name: auth.credential.name, user: keystoneRef(auth.credential.user) };
    return {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { ...credential, secret: auth.secret.reveal() },
        },
      },
    };
  }
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { ...keystoneRef(auth.user), password: auth.password.reveal() } },
      },
      scope: { project: keystoneRef(auth.project) },
    },
  };
}

/** The catalog URL of a service type for the configured interface (and region, if any). */
function endpoint(catalog: CatalogEntry[], type: string, cloud: OpenStackConnectionConfig) {
  for (const entry of catalog.filter((e) => e.type === type)) {
    const match = (entry.endpoints ?? []).find(
      (e) =>
        e.interface?.replace(/URL$/, '') === cloud.interface &&
        (cloud.regionName === undefined ||
          e.region_id === cloud.regionName ||
          e.region === cloud.regionName),
    );
    if (match?.url) return match.url.replace(/\/+$/, '');
  }
  throw new Error(`The service catalog has no ${cloud.interface} ${type} endpoint.`);
}

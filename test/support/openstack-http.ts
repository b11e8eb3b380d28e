import { SEED_IMAGES } from '../../src/simulator';
import type { OpenStackCloud } from './openstack-cloud';

/** A response of the OpenStack-compatible API, read in full. */
export interface OsResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert its shape
  body: any;
}

export interface OsRequest {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `OpenStack-API-Version: compute <microversion>`. */
  microversion?: string;
}

/** Real HTTP calls (undici fetch) to a cloud started with `startOpenStackCloud`. */
export class OpenStackHttp {
  constructor(readonly cloud: OpenStackCloud) {}

  async call(method: string, url: string, req: OsRequest = {}): Promise<OsResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.token) headers['x-auth-token'] = req.token;
    if (req.microversion) headers['openstack-api-version'] = `compute ${req.microversion}`;
    if (req.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(url.startsWith('http') ? url : `${this.cloud.baseUrl}${url}`, {
      method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, text, body };
  }

  /** Issues a token with a password (the API key) scoped to `project`; returns the response. */
  issue(password: string, project: string | null, userName = 'demo'): Promise<OsResponse> {
    const auth: Record<string, unknown> = {
      identity: {
        methods: ['password'],
        password: { user: { name: userName, domain: { name: 'Default' }, password } },
      },
    };
    if (project !== null) auth.scope = { project: { name: project, domain: { name: 'Default' } } };
    return this.call('POST', '/identity/v3/auth/tokens', { body: { auth } });
  }

  /** A token of the member key, scoped to its project. */
  async token(key = this.cloud.memberKey, project = this.cloud.projectName): Promise<string> {
    const res = await this.issue(key, project);
    expect(res.status).toBe(201);
    return res.headers.get('x-subject-token')!;
  }

  /** A call under `/compute/v2.1`. */
  nova(method: string, path: string, req: OsRequest = {}): Promise<OsResponse> {
    return this.call(method, `/compute/v2.1${path}`, req);
  }

  /** A call under `/image`. */
  glance(method: string, path: string, req: OsRequest = {}): Promise<OsResponse> {
    return this.call(method, `/image${path}`, req);
  }

  /** A call under `/networking`. */
  neutron(method: string, path: string, req: OsRequest = {}): Promise<OsResponse> {
    return this.call(method, `/networking${path}`, req);
  }

  /** Creates a server with `networks: "none"` at 2.37+ and returns its id. */
  async createServer(token: string, server: Record<string, unknown> = {}): Promise<string> {
    const res = await this.nova('POST', '/servers', {
      token,
      microversion: '2.93',
      body: {
        server: {
          name: 'vm',
          imageRef: IMAGE_IDS.cirros,
          flavorRef: '1',
          networks: 'none',
          ...server,
        },
      },
    });
    expect(res.status).toBe(202);
    return res.body.server.id as string;
  }
}

/** One field of every element of a JSON array (e.g. the ids of `body.servers`). */
export function pluck(list: unknown, key: string): unknown[] {
  return (list as Record<string, unknown>[]).map((item) => item[key]);
}

/** Nova's fault body names, by status. */
const NOVA_FAULTS: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'itemNotFound',
  409: 'conflictingRequest',
};

/** Asserts a Nova fault answer: its status, and a body `{"<fault>": {code, message}}`. */
export function expectNovaFault(res: OsResponse, status: number, message: string): void {
  expect({ status: res.status, body: res.body as unknown }).toEqual({
    status,
    body: { [NOVA_FAULTS[status]]: { code: status, message } },
  });
}

/** Ids of the seeded simulator images (the simulator's seed catalog). */
export const IMAGE_IDS = {
  cirros: SEED_IMAGES.cirros.id,
  ubuntu: SEED_IMAGES.ubuntu.id,
  windows: SEED_IMAGES.windows.id,
  fedoraQueued: SEED_IMAGES.fedoraQueued.id,
} as const;

/** Keystone's 401 body, as Keystone (and so the OpenStack-compatible API) sends it. */
export const KEYSTONE_UNAUTHORIZED = {
  error: {
    code: 401,
    message: 'The request you have made requires authentication.',
    title: 'Unauthorized',
  },
};

import { Agent, request, type Dispatcher } from 'undici';
import type { Seen, ServerAction, ServerApi, ServerCreate } from './server-api';

/** Our REST API (`/api/v1`), as a client holding one API key calls it. */
export class RestApi implements ServerApi {
  /** HTTP requests sent so far. */
  requests = 0;
  private readonly agent = new Agent({ keepAliveTimeout: 30_000 });

  constructor(
    readonly url: string,
    private readonly key: string,
  ) {}

  async create(server: ServerCreate): Promise<string> {
    const body = await this.call('POST', '/servers', 202, {
      name: server.name,
      imageId: server.imageId,
      flavorId: server.flavorId,
      metadata: server.metadata,
      networks: 'none',
    });
    return (body as { id: string }).id;
  }

  async act(id: string, action: ServerAction): Promise<void> {
    await this.call(
      'POST',
      `/servers/${id}/${action}`,
      202,
      action === 'reboot' ? { type: 'SOFT' } : undefined,
    );
  }

  async delete(id: string): Promise<void> {
    await this.call('DELETE', `/servers/${id}`, 202);
  }

  async read(id: string): Promise<Seen> {
    const body = await this.call('GET', `/servers/${id}`, [200, 404]);
    if (body === null) return 'GONE';
    const { status, taskState } = body as { status: string; taskState: string | null };
    return { status, taskState };
  }

  /** GET of any API path (200), e.g. the catalog reads before the scenarios. */
  get<T>(path: string): Promise<T> {
    return this.call('GET', path, 200) as Promise<T>;
  }

  /** POST to any API path (201), e.g. minting an API key. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.call('POST', path, 201, body) as Promise<T>;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** One request; its JSON body (null for a 404) when the status is expected. */
  private async call(
    method: Dispatcher.HttpMethod,
    path: string,
    expected: number | number[],
    json?: unknown,
  ): Promise<unknown> {
    this.requests += 1;
    const res = await request(`${this.url}/api/v1${path}`, {
      method,
      dispatcher: this.agent,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.body.text();
    if (![expected].flat().includes(res.statusCode)) {
      throw new Error(`${method} /api/v1${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return res.statusCode === 404 || text === '' ? null : JSON.parse(text);
  }
}

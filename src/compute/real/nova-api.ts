import { CloudUnavailableError } from '../cloud-errors';
import type { HttpMethod, HttpResponse } from './http-exchange';
import type { KeystoneSession } from './keystone-session';
import {
  Microversion,
  type MicroversionRange,
  negotiateMicroversion,
  parseVersionDocument,
} from './microversion';
import type { NovaFlavor, NovaKeypair, NovaServer } from './nova-records';
import { toCloudError } from './openstack-error-parser';
import { formatOpenStackTime } from './openstack-time';
import { readAllPages } from './page-links';
import type { Redactor } from './redactor';
import type { ResilientHttp } from './resilient-http';
import { SingleFlight } from '../../common/single-flight';

/** The newest microversion whose request and response shapes this client knows. */
export const OUR_MICROVERSIONS = { min: Microversion.of(2, 1), max: Microversion.of(2, 93) };
/**
 * Server views are read at most at 2.46: from 2.47 the embedded flavor has no id, and
 * `CloudServer.flavorId` needs it. Nothing this client reads changed after 2.46.
 */
export const READ_CEILING = Microversion.of(2, 46);
/** Server tags (`/servers/{id}/tags`, `tags` in server views) exist from 2.26. */
export const SERVER_TAGS = Microversion.of(2, 26);
/** `networks: "auto" | "none"` exists, and `networks` is required, from 2.37. */
export const NETWORKS_REQUIRED = Microversion.of(2, 37);

interface Negotiated {
  /** Null when the endpoint advertises no microversions (spoken to without a header). */
  write: Microversion | null;
  read: Microversion | null;
}

/**
 * Nova v2.1 over a Keystone session: microversion discovery and negotiation (once, on
 * first use), then plain calls. Responses are checked and non-2xx mapped to
 * `CloudError`s; shapes are mapped by the caller.
 */
export class NovaApi {
  private readonly discovery = new SingleFlight<'versions', Negotiated>();
  private negotiated: Negotiated | null = null;

  constructor(
    private readonly session: KeystoneSession,
    private readonly http: ResilientHttp,
    private readonly redactor: Redactor,
  ) {}

  /** The microversion of writes (create, actions), after negotiation. */
  async writeVersion(): Promise<Microversion | null> {
    return (await this.versions()).write;
  }

  async createServer(server: Record<string, unknown>): Promise<{ id: string }> {
    const res = await this.call('POST', '/servers', 'write', { server }, false);
    const created = (res.json() as { server?: { id?: string } } | null)?.server;
    if (!created?.id) throw new CloudUnavailableError('Nova accepted a server without an id.');
    return { id: created.id };
  }

  async getServer(id: string): Promise<NovaServer> {
    const res = await this.call('GET', `/servers/${encodeURIComponent(id)}`, 'read');
    return (res.json() as { server: NovaServer }).server;
  }

  async listServers(changesSince?: Date): Promise<NovaServer[]> {
    const query = changesSince
      ? `?changes-since=${encodeURIComponent(formatOpenStackTime(changesSince))}`
      : '';
    return this.pages('/servers/detail' + query, 'servers', 'servers_links');
  }

  async deleteServer(id: string): Promise<void> {
    await this.call('DELETE', `/servers/${encodeURIComponent(id)}`, 'write', undefined, false);
  }

  /** POST /servers/{id}/action; returns the response for actions that answer something. */
  async action(id: string, body: Record<string, unknown>): Promise<HttpResponse> {
    return this.call('POST', `/servers/${encodeURIComponent(id)}/action`, 'write', body, false);
  }

  /** PUT /servers/{id} with `{"server": changes}`. */
  async updateServer(id: string, changes: Record<string, unknown>): Promise<void> {
    await this.call(
      'PUT',
      `/servers/${encodeURIComponent(id)}`,
      'write',
      { server: changes },
      true,
    );
  }

  /** PUT /servers/{id}/metadata: replaces the metadata; returns it. */
  async replaceMetadata(
    id: string,
    metadata: Record<string, string>,
  ): Promise<Record<string, string>> {
    const res = await this.call('PUT', `${serverPath(id)}/metadata`, 'write', { metadata }, true);
    return (res.json() as { metadata?: Record<string, string> } | null)?.metadata ?? metadata;
  }

  /** PUT /servers/{id}/tags: replaces the tags (2.26); returns them. */
  async replaceTags(id: string, tags: string[]): Promise<string[]> {
    const res = await this.call('PUT', `${serverPath(id)}/tags`, 'write', { tags }, true);
    return (res.json() as { tags?: string[] } | null)?.tags ?? tags;
  }

  /** PUT /servers/{id}/tags/{tag} (2.26): true for 201 (added), false for 204 (there). */
  async addTag(id: string, tag: string): Promise<boolean> {
    const res = await this.call('PUT', tagPath(id, tag), 'write', undefined, true);
    return res.status === 201;
  }

  /** DELETE /servers/{id}/tags/{tag} (2.26). */
  async removeTag(id: string, tag: string): Promise<void> {
    await this.call('DELETE', tagPath(id, tag), 'write', undefined, false);
  }

  async listFlavors(): Promise<NovaFlavor[]> {
    return this.pages('/flavors/detail', 'flavors', 'flavors_links');
  }

  async getFlavor(id: string): Promise<NovaFlavor> {
    const res = await this.call('GET', `/flavors/${encodeURIComponent(id)}`, 'read');
    return (res.json() as { flavor: NovaFlavor }).flavor;
  }

  /** POST /os-keypairs: imports a public key; Nova answers with the key pair. */
  async createKeypair(keypair: Record<string, unknown>): Promise<NovaKeypair> {
    const res = await this.call('POST', '/os-keypairs', 'write', { keypair });
    return (res.json() as { keypair: NovaKeypair }).keypair;
  }

  /** Every key pair of the credential's user (all pages from 2.35). */
  async listKeypairs(): Promise<NovaKeypair[]> {
    const entries = await this.pages<{ keypair: NovaKeypair }>(
      '/os-keypairs',
      'keypairs',
      'keypairs_links',
    );
    return entries.map((entry) => entry.keypair);
  }

  async getKeypair(name: string): Promise<NovaKeypair> {
    const res = await this.call('GET', `/os-keypairs/${encodeURIComponent(name)}`, 'read');
    return (res.json() as { keypair: NovaKeypair }).keypair;
  }

  async deleteKeypair(name: string): Promise<void> {
    await this.call('DELETE', `/os-keypairs/${encodeURIComponent(name)}`, 'write');
  }

  /** A cheap authenticated call. */
  async ping(): Promise<void> {
    await this.call('GET', '/flavors?limit=1', 'read');
  }

  private async pages<T>(path: string, key: string, linksKey: string): Promise<T[]> {
    const base = await this.session.endpoint('compute');
    return readAllPages<T>(base + path, async (url) => {
      const res = await this.call('GET', url.slice(base.length), 'read');
      const body = res.json() as Record<string, unknown> | null;
      const links = (body?.[linksKey] ?? []) as { rel?: string; href?: string }[];
      return {
        items: (body?.[key] ?? []) as T[],
        next: links.find((link) => link.rel === 'next')?.href,
      };
    });
  }

  private async call(
    method: HttpMethod,
    path: string,
    kind: 'read' | 'write',
    body?: unknown,
    idempotent = method === 'GET',
  ): Promise<HttpResponse> {
    const version = (await this.versions())[kind];
    const headers: Record<string, string> = version
      ? {
          'openstack-api-version': `compute ${version.toString()}`,
          'x-openstack-nova-api-version': version.toString(),
        }
      : {};
    const res = await this.session.send((token) => ({
      service: 'compute',
      method,
      url: this.session.urlFor(token, 'compute') + path,
      headers: { ...headers, 'x-auth-token': token.value },
      body,
      idempotent,
    }));
    if (res.status >= 200 && res.status < 300) return res;
    throw toCloudError('compute', res, this.redactor);
  }

  private async versions(): Promise<Negotiated> {
    if (this.negotiated) return this.negotiated;
    return this.discovery.run('versions', async () => {
      const endpoint = await this.session.endpoint('compute');
      // A catalog URL may carry the project id after the version (`…/v2.1/<project>`).
      const docUrl = endpoint.replace(/(\/v2\.1)\/.*$/, '$1') + '/';
      const res = await this.http.send({
        service: 'compute',
        method: 'GET',
        url: docUrl,
        idempotent: true,
      });
      if (res.status >= 500) throw toCloudError('compute', res, this.redactor);
      const range = res.status === 200 ? parseVersionDocument(res.json()) : null;
      const write = negotiateMicroversion(OUR_MICROVERSIONS, range);
      if (!write) {
        const span = (r: MicroversionRange) => `${r.min.toString()}-${r.max.toString()}`;
        throw new CloudUnavailableError(
          `The compute API supports microversions ${range ? span(range) : 'none'}; ` +
            `this client speaks ${span(OUR_MICROVERSIONS)}.`,
        );
      }
      this.negotiated = range
        ? { write, read: Microversion.min(write, READ_CEILING) }
        : { write: null, read: null };
      return this.negotiated;
    });
  }
}

const serverPath = (id: string) => `/servers/${encodeURIComponent(id)}`;
const tagPath = (id: string, tag: string) => `${serverPath(id)}/tags/${encodeURIComponent(tag)}`;

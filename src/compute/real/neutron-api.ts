import type { HttpResponse } from './http-exchange';
import type { KeystoneSession } from './keystone-session';
import type { NeutronNetwork, NeutronSubnet } from './neutron-records';
import { toCloudError } from './openstack-error-parser';
import { readAllPages } from './page-links';
import type { Redactor } from './redactor';
import { networkV2Url } from './service-catalog';

/** Neutron v2.0 over a Keystone session: the networks and subnets the credential sees. */
export class NeutronApi {
  constructor(
    private readonly session: KeystoneSession,
    private readonly redactor: Redactor,
  ) {}

  listNetworks(): Promise<NeutronNetwork[]> {
    return this.pages<NeutronNetwork>('/networks', 'networks');
  }

  listSubnets(): Promise<NeutronSubnet[]> {
    return this.pages<NeutronSubnet>('/subnets', 'subnets');
  }

  /** Every page of a collection (Neutron pages only when asked to, or when configured to). */
  private async pages<T>(path: string, key: string): Promise<T[]> {
    const base = networkV2Url(await this.session.endpoint('network'));
    return readAllPages<T>(base + path, async (url) => {
      const body = (await this.get(url.slice(base.length))).json() as Record<
        string,
        unknown
      > | null;
      const links = (body?.[`${key}_links`] ?? []) as { rel?: string; href?: string }[];
      return {
        items: (body?.[key] ?? []) as T[],
        next: links.find((link) => link.rel === 'next')?.href,
      };
    });
  }

  private async get(path: string): Promise<HttpResponse> {
    const res = await this.session.send((token) => ({
      service: 'network',
      method: 'GET',
      url: networkV2Url(this.session.urlFor(token, 'network')) + path,
      headers: { 'x-auth-token': token.value },
      idempotent: true,
    }));
    if (res.status >= 200 && res.status < 300) return res;
    throw toCloudError('network', res, this.redactor);
  }
}

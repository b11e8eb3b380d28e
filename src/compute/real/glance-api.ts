import type { ListImagesQuery } from '../cloud-records';
import type { GlanceImage } from './glance-records';
import type { HttpResponse } from './http-exchange';
import type { KeystoneSession } from './keystone-session';
import { toCloudError } from './openstack-error-parser';
import { readAllPages } from './page-links';
import type { Redactor } from './redactor';
import { imageV2Url } from './service-catalog';

/** Glance's default page is 25 images; 1000 is its usual `api_limit_max`. */
const PAGE_SIZE = 1000;

/** Glance v2 images over a Keystone session: list (every page) and get. */
export class GlanceApi {
  constructor(
    private readonly session: KeystoneSession,
    private readonly redactor: Redactor,
  ) {}

  async listImages(query: ListImagesQuery = {}): Promise<GlanceImage[]> {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (query.name !== undefined) params.set('name', query.name);
    if (query.status !== undefined) params.set('status', query.status);
    const base = imageV2Url(await this.session.endpoint('image'));
    return readAllPages<GlanceImage>(`${base}/images?${params.toString()}`, async (url) => {
      const body = (await this.get(url.slice(base.length))).json() as {
        images?: GlanceImage[];
        next?: string;
      } | null;
      return { items: body?.images ?? [], next: body?.next };
    });
  }

  async getImage(id: string): Promise<GlanceImage> {
    return (await this.get(`/images/${encodeURIComponent(id)}`)).json() as GlanceImage;
  }

  private async get(path: string): Promise<HttpResponse> {
    const res = await this.session.send((token) => ({
      service: 'image',
      method: 'GET',
      url: imageV2Url(this.session.urlFor(token, 'image')) + path,
      headers: { 'x-auth-token': token.value },
      idempotent: true,
    }));
    if (res.status >= 200 && res.status < 300) return res;
    throw toCloudError('image', res, this.redactor);
  }
}

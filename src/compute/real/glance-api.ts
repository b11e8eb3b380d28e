import { CloudBadRequestError } from '../cloud-errors';
import type { ListImagesQuery, ListPosition } from '../cloud-records';
import type { GlanceImage } from './glance-records';
import type { HttpResponse } from './http-exchange';
import type { KeystoneSession } from './keystone-session';
import { toCloudError } from './openstack-error-parser';
import { formatOpenStackTime } from './openstack-time';
import type { Redactor } from './redactor';
import { imageV2Url } from './service-catalog';

/** One `GET /v2/images` answer. */
export interface GlanceImageRead {
  /** Newest first: `created_at` descending, then `id` descending. */
  images: GlanceImage[];
  /** Glance had more (it sent a `next` link). */
  more: boolean;
  /**
   * The read was made by time (`created_at=lte:`) because Glance refused the position's
   * image as a marker: its first images may be at or before the position.
   */
  byTime: boolean;
}

/** Glance v2 images over a Keystone session: lists, get, create, data upload, delete. */
export class GlanceApi {
  constructor(
    private readonly session: KeystoneSession,
    private readonly redactor: Redactor,
  ) {}

  /**
   * Up to `limit` images after `after`, newest first — one request. The position is sent
   * as Glance's `marker` (its image id). Glance answers 400 for a marker it cannot find
   * (the image was deleted, or is no longer visible); the page is then asked by time,
   * `created_at=lte:<the position's second>`, and the caller skips what is not past the
   * position (`byTime`). Glance keeps `created_at` to the second, as it shows it, so the
   * two orders agree.
   */
  async listImagesAfter(
    query: ListImagesQuery,
    limit: number,
    after?: ListPosition,
  ): Promise<GlanceImageRead> {
    if (!after) return this.listImages(query, limit, {});
    try {
      return await this.listImages(query, limit, { marker: after.id });
    } catch (error) {
      if (!(error instanceof CloudBadRequestError)) throw error;
    }
    return {
      ...(await this.listImages(query, limit, { created_at: lte(after.createdAt) })),
      byTime: true,
    };
  }

  async getImage(id: string): Promise<GlanceImage> {
    return (await this.get(`/images/${encodeURIComponent(id)}`)).json() as GlanceImage;
  }

  /** `POST /v2/images` (sent once: a create is not idempotent). */
  async createImage(body: Record<string, unknown>): Promise<GlanceImage> {
    const res = await this.call('POST', '/images', { body });
    return res.json() as GlanceImage;
  }

  /** `PUT /v2/images/{id}/file`, the data streamed as it comes, sent once. */
  async uploadData(id: string, data: AsyncIterable<Uint8Array>): Promise<void> {
    await this.call('PUT', `/images/${encodeURIComponent(id)}/file`, { stream: data });
  }

  /** `DELETE /v2/images/{id}`. */
  async deleteImage(id: string): Promise<void> {
    await this.call('DELETE', `/images/${encodeURIComponent(id)}`);
  }

  private async call(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    content: { body?: unknown; stream?: AsyncIterable<Uint8Array> } = {},
  ): Promise<HttpResponse> {
    const res = await this.session.send((token) => ({
      service: 'image',
      method,
      url: imageV2Url(this.session.urlFor(token, 'image')) + path,
      headers: { 'x-auth-token': token.value },
      ...content,
      // A delete may go again (a second one finds nothing); a create or an upload not.
      idempotent: method === 'DELETE',
    }));
    if (res.status >= 200 && res.status < 300) return res;
    throw toCloudError('image', res, this.redactor);
  }

  private async listImages(
    query: ListImagesQuery,
    limit: number,
    position: { marker?: string; created_at?: string },
  ): Promise<GlanceImageRead> {
    // `sort_key=created_at&sort_dir=desc` is Glance's default, spelled out: Glance appends
    // `id` as the tie-break in the same direction.
    const params = new URLSearchParams({
      limit: String(limit),
      sort_key: 'created_at',
      sort_dir: 'desc',
    });
    if (query.name !== undefined) params.set('name', query.name);
    if (query.status !== undefined) params.set('status', query.status);
    for (const [key, value] of Object.entries(position)) params.set(key, value);
    const body = (await this.get(`/images?${params.toString()}`)).json() as {
      images?: GlanceImage[];
      next?: string;
    } | null;
    return { images: body?.images ?? [], more: Boolean(body?.next), byTime: false };
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

/** `lte:` the end of the position's second (Glance compares whole seconds). */
function lte(time: Date): string {
  return `lte:${formatOpenStackTime(new Date(Math.ceil(time.getTime() / 1000) * 1000))}`;
}

import {
  CloudBadRequestError,
  CloudConflictError,
  type CloudError,
  CloudForbiddenError,
  CloudNotFoundError,
  CloudQuotaExceededError,
  CloudRateLimitedError,
  CloudUnauthorizedError,
  CloudUnavailableError,
} from '../cloud-errors';
import type { HttpResponse, OpenStackService } from './http-exchange';
import type { Redactor } from './redactor';
import { parseRetryAfter } from './retry-timing';

const QUOTA_WORDING =
  /quota|limit exceeded|exceeds? (the )?(allowed|maximum)|maximum number of .+ exceeds/i;
const SERVICE_NAMES: Record<OpenStackService, string> = {
  identity: 'identity (Keystone)',
  compute: 'compute (Nova)',
  image: 'image (Glance)',
  network: 'network (Neutron)',
};

/**
 * The message of an OpenStack error body, whichever service wrote it:
 * Nova `{"<faultName>": {"code", "message"}}`, Keystone `{"error": {"code", "title",
 * "message"}}`, Glance's JSON or its HTML/plain text pages.
 */
export function errorMessageOf(response: HttpResponse): string | undefined {
  const body = response.json();
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const value of Object.values(body as Record<string, unknown>)) {
      const message = (value as { message?: unknown } | null)?.message;
      if (typeof message === 'string' && message.trim() !== '') return message;
    }
    const flat = (body as { message?: unknown; detail?: unknown }).message;
    if (typeof flat === 'string') return flat;
  }
  if (body !== null || response.text.trim() === '') return undefined;
  // HTML or text (Glance): drop the <title>/<h1> status line, keep the explanation.
  const text = response.text
    .replace(/<(title|h1)>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*\d{3} [A-Za-z ]+\n/, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}

/** Maps a non-2xx OpenStack response to the shared `CloudError` family. */
export function toCloudError(
  service: OpenStackService,
  response: HttpResponse,
  redactor: Redactor,
): CloudError {
  const { status } = response;
  const upstream = errorMessageOf(response);
  const message = upstream
    ? redactor.clean(upstream)
    : `The ${SERVICE_NAMES[service]} API answered HTTP ${status}.`;
  const retryAfterMs = parseRetryAfter(response.header('retry-after'), Date.now());
  const retryAfterSeconds =
    retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
  const quota = upstream !== undefined && QUOTA_WORDING.test(upstream);

  if (status === 401) return new CloudUnauthorizedError(message);
  if (status === 403) {
    return quota ? new CloudQuotaExceededError(message) : new CloudForbiddenError(message);
  }
  if (status === 404) return new CloudNotFoundError(message);
  if (status === 409) return new CloudConflictError(message);
  if (status === 413 && quota && retryAfterSeconds === undefined) {
    return new CloudQuotaExceededError(message);
  }
  if (status === 413 || status === 429)
    return new CloudRateLimitedError(message, retryAfterSeconds);
  if (status >= 500) return new CloudUnavailableError(message, retryAfterSeconds);
  return new CloudBadRequestError(message);
}

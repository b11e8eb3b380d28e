import {
  CloudBadRequestError,
  CloudConflictError,
  CloudNotFoundError,
  CloudQuotaExceededError,
  CloudRateLimitedError,
  CloudUnauthorizedError,
  CloudUnavailableError,
} from '../cloud-errors';
import { toCloudError } from './openstack-error-parser';
import { Redactor } from './redactor';
import {
  GLANCE_404_HTML,
  KEYSTONE_401,
  NOVA_404,
  NOVA_406,
  NOVA_409,
  response,
} from './testing/openstack-samples';

describe('toCloudError', () => {
  const redactor = new Redactor();
  const map = (status: number, body: string, headers?: Record<string, string>) =>
    toCloudError('compute', response(status, body, headers), redactor);

  it('keeps Nova’s fault message and maps its status', () => {
    const conflict = map(409, NOVA_409);
    expect(conflict).toBeInstanceOf(CloudConflictError);
    expect(conflict.message).toBe(
      "Cannot 'start' instance 29e5ac6e-3ca4-4b3f-9c75-40f532aca2d7 while it is in vm_state active",
    );
    expect(map(404, NOVA_404)).toEqual(
      new CloudNotFoundError('Instance 00000000-0000-0000-0000-000000000000 could not be found.'),
    );
    expect(map(406, NOVA_406)).toBeInstanceOf(CloudBadRequestError);
  });

  it('reads Glance’s HTML 404 and Keystone’s error object', () => {
    const glance = toCloudError('image', response(404, GLANCE_404_HTML), redactor);
    expect(glance).toBeInstanceOf(CloudNotFoundError);
    expect(glance.message).toBe('No image found with ID 00000000-0000-0000-0000-000000000000');
    const keystone = toCloudError('identity', response(401, KEYSTONE_401), redactor);
    expect(keystone).toBeInstanceOf(CloudUnauthorizedError);
    expect(keystone.message).toBe('The request you have made requires authentication.');
  });

  it('tells quota from policy on 403, and from rate limits on 413', () => {
    const quota =
      '{"forbidden": {"code": 403, "message": "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"}}';
    expect(map(403, quota)).toBeInstanceOf(CloudQuotaExceededError);
    // Nova's words for the metadata_items quota of a server (seen on Nova Zed).
    const metadata =
      '{"forbidden": {"code": 403, "message": "Maximum number of metadata items exceeds 128"}}';
    expect(map(403, metadata)).toBeInstanceOf(CloudQuotaExceededError);
    const policy =
      '{"forbidden": {"code": 403, "message": "Policy doesn\'t allow os_compute_api:servers:create to be performed."}}';
    expect(map(403, policy)).toBeInstanceOf(CloudUnauthorizedError);
    expect(
      map(413, '{"overLimit": {"code": 413, "message": "Quota exceeded for ram"}}'),
    ).toBeInstanceOf(CloudQuotaExceededError);
    const limited = map(
      413,
      '{"overLimit": {"code": 413, "message": "This request was rate-limited."}}',
      {
        'retry-after': '7',
      },
    );
    expect(limited).toEqual(expect.any(CloudRateLimitedError));
    expect((limited as CloudRateLimitedError).retryAfterSeconds).toBe(7);
  });

  it('carries Retry-After on 429 and 503', () => {
    const limited = map(429, 'Too Many Requests', { 'retry-after': '3' }) as CloudRateLimitedError;
    expect(limited).toBeInstanceOf(CloudRateLimitedError);
    expect(limited.retryAfterSeconds).toBe(3);
    const down = map(503, '', { 'retry-after': '0.2' }) as CloudUnavailableError;
    expect(down).toBeInstanceOf(CloudUnavailableError);
    expect(down.retryAfterSeconds).toBe(1);
    expect(down.message).toBe('The compute (Nova) API answered HTTP 503.');
  });

  it('keeps URLs, tokens and the client’s secrets out of messages', () => {
    const own = new Redactor();
    own.remember('hunter2-password');
    const body = JSON.stringify({
      computeFault: {
        code: 500,
        message:
          'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach ' +
          `the log. token=gAAAAA${'x'.repeat(120)} password hunter2-password`,
      },
    });
    const message = toCloudError('compute', response(500, body), own).message;
    expect(message).not.toMatch(/http:|launchpad|gAAAAA|hunter2/);
    expect(message).toContain('Unexpected API Error');
  });
});

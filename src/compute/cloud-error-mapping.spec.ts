import type { ErrorCode } from '../common/errors/error-codes';
import { DomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from './cloud-error-mapping';
import {
  type CloudError,
  CloudBadRequestError,
  CloudConflictError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
  CloudNotFoundError,
  CloudQuotaExceededError,
  CloudRateLimitedError,
  CloudUnauthorizedError,
  CloudUnavailableError,
  CloudUnsupportedError,
} from './cloud-errors';

describe('fromCloudError', () => {
  const notFound = () => Errors.serverNotFound('s-1');

  it.each<[CloudError, ErrorCode, number]>([
    [new CloudNotFoundError('upstream text from nova-api-7'), 'SERVER_NOT_FOUND', 404],
    [new CloudConflictError("Cannot 'stop' instance"), 'INVALID_STATE_TRANSITION', 409],
    [new CloudBadRequestError('upstream text from nova-api-7'), 'UPSTREAM_REJECTED', 422],
    [new CloudQuotaExceededError('upstream text from nova-api-7'), 'QUOTA_EXCEEDED', 409],
    [new CloudRateLimitedError('upstream text from nova-api-7', 7), 'UPSTREAM_RATE_LIMITED', 503],
    [new CloudUnauthorizedError('upstream text from nova-api-7'), 'UPSTREAM_ERROR', 502],
    [new CloudUnavailableError('upstream text from nova-api-7', 3), 'UPSTREAM_UNAVAILABLE', 503],
    [new CloudNetworkNotFoundError('upstream text from nova-api-7'), 'NETWORK_NOT_FOUND', 422],
    [
      new CloudFixedIpInUseError('upstream text from nova-api-7', '10.0.0.5'),
      'FIXED_IP_IN_USE',
      409,
    ],
    [new CloudNetworkAmbiguousError('upstream text from nova-api-7'), 'NETWORK_AMBIGUOUS', 422],
  ])('maps %s to %s (%i)', (error, code, status) => {
    const mapped = fromCloudError(error, notFound) as DomainError;
    expect(mapped).toBeInstanceOf(DomainError);
    expect([mapped.code, mapped.status]).toEqual([code, status]);
    // Upstream wording never reaches our answers.
    expect(mapped.message).not.toContain(error.message);
  });

  it("shows the client's own words for what the cloud lacks (422 UPSTREAM_REJECTED)", () => {
    const words = 'Server tags need compute API microversion 2.26.';
    const mapped = fromCloudError(new CloudUnsupportedError(words), notFound) as DomainError;
    expect([mapped.code, mapped.status, mapped.message]).toEqual(['UPSTREAM_REJECTED', 422, words]);
  });

  it('keeps the retry hint of a throttled or unavailable cloud', () => {
    const limited = fromCloudError(
      new CloudRateLimitedError('upstream text from nova-api-7', 7),
      notFound,
    ) as DomainError;
    const down = fromCloudError(
      new CloudUnavailableError('upstream text from nova-api-7', 3),
      notFound,
    ) as DomainError;
    expect([limited.extras.retryAfterSeconds, down.extras.retryAfterSeconds]).toEqual([7, 3]);
  });

  it('names the networks and the address of a refused create, never anything else upstream sent', () => {
    const id = '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01';
    const missing = fromCloudError(
      new CloudNetworkNotFoundError(`Network ${id}, nova-api-7 could not be found.`, [
        id,
        'nova-api-7',
      ]),
      notFound,
    ) as DomainError;
    expect(missing.message).toBe(`Network ${id} does not exist or is not usable by your project.`);
    expect(missing.extras.errors).toEqual([{ field: 'networks', message: missing.message }]);
    const inUse = fromCloudError(
      new CloudFixedIpInUseError('Fixed IP address 10.0.0.5 is already in use', '10.0.0.5'),
      notFound,
    ) as DomainError;
    expect(inUse.message).toContain('10.0.0.5');
  });

  it('leaves anything that is not a cloud error alone', () => {
    const error = new Error('ours');
    expect(fromCloudError(error, notFound)).toBe(error);
  });
});

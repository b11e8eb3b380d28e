import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from './domain-error';
import { codesWithStatus, ERROR_STATUS, REFERENCE_CODES } from './error-codes';
import { Errors } from './errors';

describe('error vocabulary', () => {
  it('gives every code a 4xx or 5xx status', () => {
    for (const status of Object.values(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('answers a resource missing from the URL with 404, and from the body with 422', () => {
    expect(Errors.imageNotFound('x').status).toBe(404);
    expect(Errors.badReference('IMAGE_NOT_FOUND', 'gone', 'imageId').status).toBe(422);
    expect(Errors.badReference('FLAVOR_TOO_SMALL', 'small', 'flavorId').status).toBe(422);
  });

  it('takes the status from the code alone otherwise', () => {
    expect(new DomainError('INVALID_STATE_TRANSITION', 'no').status).toBe(409);
    expect(Errors.cloudRefusedTransition().status).toBe(409);
    expect(Errors.upstreamRateLimited(3).status).toBe(503);
    expect(Errors.upstreamFailed().status).toBe(502);
  });

  it('lists the codes of a status for the OpenAPI document, body references under 422', () => {
    expect(codesWithStatus(412)).toEqual(['PRECONDITION_FAILED']);
    expect(codesWithStatus(422)).toEqual(expect.arrayContaining([...REFERENCE_CODES]));
    expect(codesWithStatus(404)).toContain('SERVER_NOT_FOUND');
    expect(codesWithStatus(404)).not.toContain('IMAGE_NOT_ACTIVE');
  });
});

describe('the error codes table of docs/api.md', () => {
  it('lists exactly the codes of each status', () => {
    const contract = readFileSync(join(__dirname, '../../../docs/api.md'), 'utf8');
    const section = contract.slice(contract.indexOf('## Error codes'));
    const rows = [...section.matchAll(/^\| (\d{3})\s*\| (.+?)\s*\|$/gm)];
    expect(rows.length).toBeGreaterThan(0);
    const documented = rows.map(([, status, codes]) => [
      Number(status),
      [...codes.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]).sort(),
    ]);
    const statuses = [...new Set(Object.values(ERROR_STATUS))].sort();
    expect(documented).toEqual(statuses.map((status) => [status, codesWithStatus(status).sort()]));
  });
});

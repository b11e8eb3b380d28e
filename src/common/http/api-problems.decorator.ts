import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, MALFORMED_JSON)',
  401: 'Missing or unknown API key (UNAUTHENTICATED)',
  403: 'The key may not do this (FORBIDDEN)',
  404: 'Not found, or owned by another project',
  409: 'Not allowed in the current state (INVALID_STATE_TRANSITION, CONCURRENT_MODIFICATION)',
  412: 'If-Match does not match the current ETag (PRECONDITION_FAILED)',
  413: 'Body over 64 KiB (PAYLOAD_TOO_LARGE)',
  415: 'Body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Well-formed but unusable (IMAGE_NOT_FOUND, IMAGE_NOT_ACTIVE, FLAVOR_NOT_FOUND, FLAVOR_TOO_SMALL, IDEMPOTENCY_KEY_REUSED)',
  503: 'The cloud is unavailable (UPSTREAM_UNAVAILABLE); see Retry-After',
};

/** Documents the problem+json error responses of an endpoint. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDetailsDto) },
          },
        },
      }),
    ),
  );
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { codesWithStatus } from '../errors/error-codes';
import { ProblemDetailsDto } from './problem-details.dto';
import { problemExamples } from './problem-examples';

const SUMMARIES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or unknown API key',
  403: 'The key may not do this',
  404: 'Not found, or owned by another project',
  409: 'Not allowed in the current state',
  412: 'If-Match does not match the current ETag',
  413: 'Body over 64 KiB (image data: over IMAGE_UPLOAD_MAX_BYTES)',
  415: 'Body is not application/json (image data: not application/octet-stream)',
  422: 'Well-formed but unusable',
  502: 'The cloud failed to carry out the request',
  503: 'The cloud is unavailable or throttling; see Retry-After',
};

/** "<summary> (<every code answered with that status>)". */
function describe(status: number): string {
  const codes = codesWithStatus(status);
  const summary = SUMMARIES[status] ?? 'Error';
  return codes.length > 0 ? `${summary} (${codes.join(', ')})` : summary;
}

/** Documents the problem+json error responses of an endpoint. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: describe(status),
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDetailsDto) },
            examples: problemExamples(status),
          },
        },
      }),
    ),
  );
}

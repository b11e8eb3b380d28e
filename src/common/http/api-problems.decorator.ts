import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import {
  ERROR_STATUS,
  REFERENCE_STATUS,
  type ErrorCode,
  type ReferenceCode,
} from '../errors/error-codes';
import { ProblemDetailsDto } from './problem-details.dto';
import { problemExamples } from './problem-examples';

/** A code answered with a status other than its own: a resource named in the body (422). */
export interface BodyReference {
  readonly code: ReferenceCode;
  readonly status: typeof REFERENCE_STATUS;
}

/** What an operation may answer: a code (with its own status), or a body reference. */
export type Problem = ErrorCode | BodyReference;

/** The codes of a resource named in the request body: 422 whatever their own status. */
export function inBody(...codes: ReferenceCode[]): BodyReference[] {
  return codes.map((code) => ({ code, status: REFERENCE_STATUS }));
}

/**
 * The problems that come with a kind of operation, wherever it is; an operation's own
 * list adds what its rules raise. 429 `RATE_LIMITED` is declared by `setupSwagger` on
 * every operation that needs a key.
 */
export const PROBLEMS = {
  /** Needs an API key. */
  key: ['UNAUTHENTICATED'],
  /** Needs an admin key. */
  admin: ['UNAUTHENTICATED', 'FORBIDDEN'],
  /**
   * A POST, PUT, PATCH or DELETE: whatever body it carries is read (64 KiB at most) and
   * parsed (JSON only) before the route looks at it, even where the route takes none.
   */
  body: ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  /** Takes an `Idempotency-Key` (which is validated, so VALIDATION_FAILED). */
  idempotent: ['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_IN_PROGRESS'],
  /** Asks the cloud, and answers its failure: refused credentials, an outage, throttling. */
  cloud: ['UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED'],
  /**
   * Changes a server in the cloud and the inventory: the cloud may have lost the server
   * (422 UPSTREAM_REJECTED), and on PostgreSQL the inventory write may lose five
   * optimistic-locking races in a row (409 CONCURRENT_MODIFICATION).
   */
  serverChange: [
    'SERVER_NOT_FOUND',
    'INVALID_STATE_TRANSITION',
    'UPSTREAM_REJECTED',
    'CONCURRENT_MODIFICATION',
    'UPSTREAM_ERROR',
    'UPSTREAM_UNAVAILABLE',
    'UPSTREAM_RATE_LIMITED',
  ],
} as const satisfies Record<string, readonly ErrorCode[]>;

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
  429: "Over this API key's rate limit",
  502: 'The cloud failed to carry out the request',
  503: 'The cloud is unavailable or throttling; see Retry-After',
};

/** Each status an operation may answer with, and its codes, in declaration order. */
export function problemsByStatus(
  ...problems: (Problem | readonly Problem[])[]
): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const problem of problems.flat()) {
    const [code, status] =
      typeof problem === 'string'
        ? [problem, ERROR_STATUS[problem]]
        : [problem.code, problem.status];
    const codes = byStatus.get(status) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byStatus.set(status, codes);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * The OpenAPI response of one status: "<summary> (<its codes>)", the problem schema with
 * `code` narrowed to those codes, and one example per code.
 */
export function problemResponse(status: number, codes: readonly ErrorCode[]) {
  return {
    description: `${SUMMARIES[status] ?? 'Error'} (${codes.join(', ')})`,
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: getSchemaPath(ProblemDetailsDto) },
            {
              type: 'object' as const,
              properties: {
                status: { type: 'integer' as const, enum: [status] },
                code: { type: 'string' as const, enum: [...codes] },
              },
            },
          ],
        },
        examples: problemExamples(status, codes),
      },
    },
  };
}

/**
 * Documents the problem+json responses of an operation: exactly the codes it may answer
 * with (each under its status), no more. `test/openapi-problems.e2e-spec.ts` provokes
 * every one of them, and every e2e suite checks the codes it meets against them.
 */
export function ApiProblems(...problems: (Problem | readonly Problem[])[]) {
  return applyDecorators(
    ...[...problemsByStatus(...problems)].map(([status, codes]) =>
      ApiResponse({ status, ...problemResponse(status, codes) }),
    ),
  );
}

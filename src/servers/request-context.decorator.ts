import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { Errors } from '../common/errors/errors';
import type { RequestContext } from './request-context';

/** Validates an `Idempotency-Key` header value: absent, or 1–255 visible ASCII characters. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw Errors.validation([
      {
        field: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1-255 visible ASCII characters',
      },
    ]);
  }
  return value;
}

/**
 * What the service needs to know of the request: the caller (set by the auth guard),
 * the request id and the validated `Idempotency-Key`.
 */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('Ctx used on a public route');
  return {
    principal: request.principal,
    requestId: request.id,
    idempotencyKey: parseIdempotencyKey(request.headers['idempotency-key']),
  };
});

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../common/errors/errors';

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

/** The request's `Idempotency-Key`, validated. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  parseIdempotencyKey(ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']),
);

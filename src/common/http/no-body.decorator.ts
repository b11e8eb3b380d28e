import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../errors/errors';

/**
 * For endpoints that take no body (start, stop, delete): any field sent is an unknown
 * field, refused with 400 VALIDATION_FAILED as on every other endpoint. An absent or
 * empty body is fine.
 */
export const NoBody = createParamDecorator((_: unknown, ctx: ExecutionContext): undefined => {
  const body = ctx.switchToHttp().getRequest<FastifyRequest>().body;
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length === 0) return undefined;
    throw Errors.validation(
      fields.map((field) => ({ field, message: `property ${field} should not exist` })),
    );
  }
  throw Errors.validation([{ field: 'body', message: 'this endpoint takes no request body' }]);
});

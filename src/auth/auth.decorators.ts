import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ADMIN_ONLY = 'auth:admin-only';

/** The route needs no API key (health, docs, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs an admin key; a member key gets 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The caller, as established by the auth guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});

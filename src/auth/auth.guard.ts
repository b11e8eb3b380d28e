import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Errors } from '../common/errors/errors';
import { ApiKeysService } from './api-keys.service';
import { principalOf } from './early-authentication';
import { ADMIN_ONLY, type AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';

/** Global guard: every route needs a valid API key unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Usually authenticated on arrival already (see early-authentication.ts).
    const principal =
      request.principal ?? (await principalOf(this.apiKeys, request.headers.authorization));
    if (!principal) throw Errors.unauthenticated();
    request.principal = principal;

    if (
      this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) &&
      principal.role !== 'admin'
    ) {
      throw Errors.forbidden();
    }
    return true;
  }
}

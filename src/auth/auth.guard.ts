import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Errors } from '../common/errors/errors';
import { ApiKeysService } from './api-keys.service';
import { ADMIN_ONLY, type AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

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
    const match = BEARER.exec(request.headers.authorization ?? '');
    const principal = match ? await this.apiKeys.authenticate(match[1]) : null;
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

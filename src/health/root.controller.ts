import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';

/** `GET /`: where everything is, for a person who opens the service's address. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller()
export class RootController {
  @Get()
  index(): Record<string, string> {
    return {
      name: 'VM Lifecycle API',
      api: '/api/v1',
      docs: '/docs',
      openapi: '/docs-json',
      health: '/api/v1/health',
      metrics: '/metrics',
    };
  }
}

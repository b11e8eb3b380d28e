import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Rate limiting of the REST API (`RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW_SECONDS`,
 * per API key). Counters live in this process: each replica limits on its own, so a key
 * spread over N replicas may make up to N times the limit. Import it after `AuthModule`,
 * so that its guard runs once the caller is known.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: 'default',
            limit: Math.max(1, config.rateLimit.requests),
            ttl: config.rateLimit.windowSeconds * 1000,
          },
        ],
        skipIf: () => config.rateLimit.requests === 0,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}

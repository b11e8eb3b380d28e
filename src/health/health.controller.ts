import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { CloudCalls } from '../compute/cloud-calls';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { HealthDto, ReadinessDto } from './health.dto';

/** Liveness and readiness probes. */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly cloud: CloudCalls,
  ) {}

  /**
   * Liveness
   *
   * @remarks
   * 200 while the process serves requests. Needs no key and is never rate limited.
   */
  @Get()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  /**
   * Readiness
   *
   * @remarks
   * 200 when the database and the OpenStack client both answer; 503 names the failing
   * check. Needs no key and is never rate limited.
   */
  @Get('ready')
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const [database, openstack] = await Promise.all([
      this.check(() => this.uow.read(() => this.dataSource.query('SELECT 1'))),
      this.check(() => this.cloud.run((c) => c.ping())),
    ]);
    const ok = database === 'ok' && openstack === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, openstack } };
  }

  private async check(probe: () => Promise<unknown>): Promise<'ok' | 'failed'> {
    try {
      await probe();
      return 'ok';
    } catch {
      return 'failed';
    }
  }
}

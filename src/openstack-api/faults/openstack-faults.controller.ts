import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../auth/auth.decorators';
import { Errors } from '../../common/errors/errors';
import { ApiProblems } from '../../common/http/api-problems.decorator';
import { OpenStackApiContext } from '../openstack-api-context';
import { OpenStackFaults } from './openstack-faults';
import { OpenStackFaultsDto } from './openstack-faults.dto';
import { SetOpenStackFaultsDto } from './set-openstack-faults.dto';

/**
 * Fault injection for the OpenStack-compatible API (`/identity`, `/compute`, `/image`,
 * `/networking`), for testing OpenStack clients: 401s, 503s, 429s, latency, dropped
 * connections, short token lifetimes. Off by default. The state is per process: each replica has its own.
 */
@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin/openstack-api/faults')
export class OpenStackFaultsController {
  constructor(
    private readonly faults: OpenStackFaults,
    private readonly api: OpenStackApiContext,
  ) {}

  /** The faults in force, with what is left of the counted ones. */
  @Get()
  @ApiOkResponse({ type: OpenStackFaultsDto })
  @ApiProblems(401, 403, 404)
  get(): OpenStackFaultsDto {
    this.checkEnabled();
    return this.faults.get();
  }

  /** Replaces the faults (omitted fields: none of that fault). */
  @Put()
  @ApiOkResponse({ type: OpenStackFaultsDto })
  @ApiProblems(400, 401, 403, 404)
  set(@Body() body: SetOpenStackFaultsDto): OpenStackFaultsDto {
    this.checkEnabled();
    return this.faults.set({
      ...body,
      rateLimited: body.rateLimited ? { ...body.rateLimited } : undefined,
    });
  }

  /** Removes every fault. */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cleared.' })
  @ApiProblems(401, 403, 404)
  clear(): void {
    this.checkEnabled();
    this.faults.clear();
  }

  private checkEnabled(): void {
    if (!this.api.served) throw Errors.openstackApiDisabled();
  }
}

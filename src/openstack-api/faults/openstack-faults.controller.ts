import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../auth/auth.decorators';
import { Errors } from '../../common/errors/errors';
import { ApiProblems, PROBLEMS } from '../../common/http/api-problems.decorator';
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

  /**
   * Read the injected faults
   *
   * @remarks
   * The faults in force on the OpenStack-compatible API of this process, with what is left
   * of the counted ones. 404 where that API is not served.
   */
  @Get()
  @ApiOkResponse({ type: OpenStackFaultsDto })
  @ApiProblems(PROBLEMS.admin, 'OPENSTACK_API_DISABLED')
  get(): OpenStackFaultsDto {
    this.checkEnabled();
    return this.faults.get();
  }

  /**
   * Inject faults
   *
   * @remarks
   * Replaces the faults (an omitted field: none of that fault): 401s, 503s, 429s with
   * `Retry-After` and dropped connections on the next n calls of `services`, added latency,
   * a shorter token lifetime. Per process: with several replicas, set them on the one your
   * client talks to.
   */
  @Put()
  @ApiOkResponse({ type: OpenStackFaultsDto })
  @ApiProblems(PROBLEMS.admin, PROBLEMS.body, 'VALIDATION_FAILED', 'OPENSTACK_API_DISABLED')
  set(@Body() body: SetOpenStackFaultsDto): OpenStackFaultsDto {
    this.checkEnabled();
    return this.faults.set({
      ...body,
      rateLimited: body.rateLimited ? { ...body.rateLimited } : undefined,
    });
  }

  /**
   * Clear the injected faults
   *
   * @remarks
   * Removes every fault; the OpenStack-compatible API answers normally again.
   */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cleared.' })
  @ApiProblems(PROBLEMS.admin, PROBLEMS.body, 'OPENSTACK_API_DISABLED')
  clear(): void {
    this.checkEnabled();
    this.faults.clear();
  }

  private checkEnabled(): void {
    if (!this.api.served) throw Errors.openstackApiDisabled();
  }
}

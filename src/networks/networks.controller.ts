import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { NetworkDto, NetworkListDto } from './dto/network.dto';
import { NetworksService } from './networks.service';

/** Neutron networks: the ones your project's servers may be plugged into. */
@ApiTags('networks')
@ApiBearerAuth()
@Controller('networks')
export class NetworksController {
  constructor(private readonly networks: NetworksService) {}

  /**
   * List networks
   *
   * @remarks
   * The networks your project may plug servers into (shared ones and its own; external
   * networks only when shared), by name, each with its subnets, in one page.
   */
  @Get()
  @ApiOkResponse({ type: NetworkListDto })
  @ApiProblems(PROBLEMS.key, PROBLEMS.cloud)
  list(@CurrentPrincipal() principal: Principal): Promise<NetworkListDto> {
    return this.networks.list(principal);
  }

  /**
   * Read a network
   *
   * @remarks
   * One of the networks your project may use, with its subnets (404 for any other).
   */
  @Get(':id')
  @ApiOkResponse({ type: NetworkDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'NETWORK_NOT_FOUND', PROBLEMS.cloud)
  get(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NetworkDto> {
    return this.networks.get(principal, id);
  }
}

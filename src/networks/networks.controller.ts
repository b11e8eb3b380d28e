import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/http/api-problems.decorator';
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
   * Lists the networks your project may plug servers into (shared ones and its own;
   * external networks only when shared), by name, each with its subnets.
   */
  @Get()
  @ApiOkResponse({ type: NetworkListDto })
  @ApiProblems(401, 503)
  list(@CurrentPrincipal() principal: Principal): Promise<NetworkListDto> {
    return this.networks.list(principal);
  }

  /** Reads one of those networks. */
  @Get(':id')
  @ApiOkResponse({ type: NetworkDto })
  @ApiProblems(400, 401, 404, 503)
  get(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NetworkDto> {
    return this.networks.get(principal, id);
  }
}

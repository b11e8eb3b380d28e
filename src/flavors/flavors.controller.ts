import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
import { ParseFlavorIdPipe } from './parse-flavor-id.pipe';
import { FlavorDto, FlavorListDto } from './dto/flavor.dto';
import { FlavorsService } from './flavors.service';

/** Nova flavors: the sizes a server can have. */
@ApiTags('flavors')
@ApiBearerAuth()
@Controller('flavors')
export class FlavorsController {
  constructor(private readonly flavors: FlavorsService) {}

  /**
   * List flavors
   *
   * @remarks
   * Every flavor of the cloud, smallest first (by RAM, then disk), in one page.
   */
  @Get()
  @ApiOkResponse({ type: FlavorListDto })
  @ApiProblems(PROBLEMS.key, PROBLEMS.cloud)
  list(): Promise<FlavorListDto> {
    return this.flavors.list();
  }

  /**
   * Read a flavor
   *
   * @remarks
   * Flavor ids are Nova's: short strings such as `1` as often as UUIDs.
   */
  @Get(':id')
  @ApiOkResponse({ type: FlavorDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'FLAVOR_NOT_FOUND', PROBLEMS.cloud)
  get(@Param('id', ParseFlavorIdPipe) id: string): Promise<FlavorDto> {
    return this.flavors.get(id);
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ParseFlavorIdPipe } from './parse-flavor-id.pipe';
import { FlavorDto, FlavorListDto } from './dto/flavor.dto';
import { FlavorsService } from './flavors.service';

/** Nova flavors: the sizes a server can have. */
@ApiTags('flavors')
@ApiBearerAuth()
@Controller('flavors')
export class FlavorsController {
  constructor(private readonly flavors: FlavorsService) {}

  /** Lists flavors, smallest first. */
  @Get()
  @ApiOkResponse({ type: FlavorListDto })
  @ApiProblems(401, 503)
  list(): Promise<FlavorListDto> {
    return this.flavors.list();
  }

  /** Reads one flavor. Flavor ids are Nova's (often short strings such as "1"). */
  @Get(':id')
  @ApiOkResponse({ type: FlavorDto })
  @ApiProblems(400, 401, 404, 503)
  get(@Param('id', ParseFlavorIdPipe) id: string): Promise<FlavorDto> {
    return this.flavors.get(id);
  }
}

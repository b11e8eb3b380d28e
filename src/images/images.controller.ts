import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { ImageDto, ImageListDto } from './dto/image.dto';
import { ImageScopeQueryDto } from './dto/image-scope-query.dto';
import { ListImagesQueryDto } from './dto/list-images-query.dto';
import { ImagesService } from './images.service';

/** Glance images: public ones and your project's own (snapshots included). */
@ApiTags('images')
@ApiBearerAuth()
@Controller('images')
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  /** Lists images visible to your project, newest first. */
  @Get()
  @ApiOkResponse({ type: ImageListDto })
  @ApiProblems(400, 401, 503)
  list(
    @Query() query: ListImagesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImageListDto> {
    return this.images.list(principal, query);
  }

  /** Reads one image. */
  @Get(':id')
  @ApiOkResponse({ type: ImageDto })
  @ApiProblems(400, 401, 404, 503)
  get(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ImageScopeQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImageDto> {
    return this.images.get(principal, id, query.projectId);
  }
}

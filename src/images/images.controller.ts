import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
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

  /**
   * List images
   *
   * @remarks
   * The images your project may boot from: public ones and its own (snapshots included),
   * newest first, filtered by `name` and `status`. An admin key may read another project's
   * view with `projectId`. With a real cloud a page may hold fewer than `limit` items while
   * more follow: read until `nextCursor` is null.
   */
  @Get()
  @ApiOkResponse({ type: ImageListDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', PROBLEMS.cloud)
  list(
    @Query() query: ListImagesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImageListDto> {
    return this.images.list(principal, query);
  }

  /**
   * Read an image
   *
   * @remarks
   * One image your project may see (404 otherwise). A snapshot's `status` goes `queued` →
   * `active`, or `killed`.
   */
  @Get(':id')
  @ApiOkResponse({ type: ImageDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'IMAGE_NOT_FOUND', PROBLEMS.cloud)
  get(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ImageScopeQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImageDto> {
    return this.images.get(principal, id, query.projectId);
  }
}

import { Readable } from 'node:stream';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { isDomainError } from '../common/errors/domain-error';
import { Errors } from '../common/errors/errors';
import { declaredLength } from '../common/http/byte-limit';
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { AppConfig } from '../config/app-config';
import { CreateImageDto } from './dto/create-image.dto';
import { ImageDto, ImageListDto } from './dto/image.dto';
import { ImageScopeQueryDto } from './dto/image-scope-query.dto';
import { ListImagesQueryDto } from './dto/list-images-query.dto';
import { ImagesService } from './images.service';

/** Glance images: public ones and your project's own (snapshots included). */
@ApiTags('images')
@ApiBearerAuth()
@Controller('images')
export class ImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly config: AppConfig,
  ) {}

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
   * Register an image
   *
   * @remarks
   * Registers an image of your project: `queued`, without data. Upload its data next with
   * `PUT /images/{id}/file`. Only an admin may make an image public; an image takes at most
   * 128 tags, and properties Glance reserves (`os_glance_*`, its own fields) are refused.
   */
  @Post()
  @ApiCreatedResponse({ type: ImageDto, description: 'Registered; `Location` names the image.' })
  @ApiProblems(PROBLEMS.key, PROBLEMS.body, 'VALIDATION_FAILED', PROBLEMS.cloud)
  async create(
    @Body() body: CreateImageDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImageDto> {
    const image = await this.images.create(principal, body);
    void reply.header('location', `/api/v1/images/${image.id}`);
    return image;
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

  /**
   * Upload an image's data
   *
   * @remarks
   * Uploads the data of a queued image of your project, as `application/octet-stream`:
   * streamed to the cloud as it arrives, at most `IMAGE_UPLOAD_MAX_BYTES` (413 past it, and
   * the image stays queued). The image is then `active`, with its size and checksums.
   */
  @Put(':id/file')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImageDto })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'IMAGE_NOT_FOUND',
    'INVALID_STATE_TRANSITION',
    PROBLEMS.cloud,
  )
  upload(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ImageScopeQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImageDto> {
    const body = request.body;
    if (body !== undefined && !(body instanceof Readable)) throw Errors.octetStreamRequired();
    if (body === undefined && !isOctetStream(request.headers['content-type'])) {
      throw Errors.octetStreamRequired();
    }
    const declared = declaredLength(request.headers['content-length']);
    const limit = this.config.imageUploadMaxBytes;
    // Refused before any of it is read: close the connection instead of draining it.
    if (declared !== null && declared > limit) {
      void reply.header('connection', 'close');
      throw Errors.imageTooLarge(limit);
    }
    return this.images.upload(principal, id, body, query.projectId).catch((error: unknown) => {
      if (isDomainError(error, 'PAYLOAD_TOO_LARGE')) {
        void reply.header('connection', 'close');
      }
      throw error;
    });
  }

  /**
   * Delete an image
   *
   * @remarks
   * Deletes an image of your project, with its data. Another project's image (or a public
   * one of the operator) is 404, as any resource of another project; a protected one 409.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'IMAGE_NOT_FOUND',
    'IMAGE_PROTECTED',
    PROBLEMS.cloud,
  )
  remove(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ImageScopeQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.images.delete(principal, id, query.projectId);
  }
}

const isOctetStream = (type: string | undefined) =>
  (type ?? '').split(';')[0].trim().toLowerCase() === 'application/octet-stream';

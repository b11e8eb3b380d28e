import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems, inBody, PROBLEMS } from '../common/http/api-problems.decorator';
import { NoBody } from '../common/http/no-body.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { ConsoleOutputDto } from './dto/console-output.dto';
import { ConsoleQueryDto } from './dto/console-query.dto';
import { CreateServerDto } from './dto/create-server.dto';
import { ListServersQueryDto } from './dto/list-servers-query.dto';
import { ServerActionPageDto } from './dto/server-action.dto';
import { ServerPageDto } from './dto/server-page.dto';
import { ServerTagsDto, SetServerTagsDto } from './dto/server-tags.dto';
import { ServerDto } from './dto/server.dto';
import { UpdateServerDto } from './dto/update-server.dto';
import { SERVER_ACTIONS, type ServerActionKey } from './lifecycle/server-actions';
import type { RequestContext } from './request-context';
import { Ctx } from './request-context.decorator';
import {
  actionProblems,
  addServerActionRoute,
  IDEMPOTENCY_HEADER,
  SERVER_ID_PARAM,
  sendResult,
  type ServerActionHost,
} from './server-action-routes';
import { ServerActionsService } from './server-actions.service';
import { ServerEditsService } from './server-edits.service';
import { ServersService } from './servers.service';
import { ParseTagPipe, TAG_PARAM } from './parse-tag.pipe';

/** Server lifecycle. Actions are asynchronous: they answer 202 and the server moves on its own. */
@ApiTags('servers')
@ApiBearerAuth()
@Controller('servers')
export class ServersController implements ServerActionHost {
  constructor(
    private readonly servers: ServersService,
    readonly lifecycle: ServerActionsService,
    private readonly edits: ServerEditsService,
  ) {}

  /**
   * Create a server
   *
   * @remarks
   * Boots a server from an image on a flavor, optionally with metadata, a key pair, user
   * data and networks. The image, flavor, key pair and networks are checked first (422 with
   * a code naming the problem). Answers 202 with the server in BUILD (or already ACTIVE) and
   * its URL in `Location`; poll `GET /servers/{id}` until it is ACTIVE (or ERROR, with a
   * `fault`). With an `Idempotency-Key`, a retry answers the first response.
   */
  @Post()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({
    type: ServerDto,
    description: 'Accepted; `Location` names the new server.',
    headers: { Location: { description: 'The new server', schema: { type: 'string' } } },
  })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    PROBLEMS.idempotent,
    inBody(
      'IMAGE_NOT_FOUND',
      'IMAGE_NOT_ACTIVE',
      'FLAVOR_NOT_FOUND',
      'FLAVOR_TOO_SMALL',
      'KEYPAIR_NOT_FOUND',
      'NETWORK_NOT_FOUND',
      'FIXED_IP_NOT_ASSIGNABLE',
      'NETWORK_AMBIGUOUS',
    ),
    'FIXED_IP_IN_USE',
    'QUOTA_EXCEEDED',
    'CONCURRENT_MODIFICATION',
    PROBLEMS.cloud,
  )
  async create(
    @Body() body: CreateServerDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return sendResult(reply, await this.servers.create(ctx, body));
  }

  /**
   * List servers
   *
   * @remarks
   * Newest first, a page at a time (`limit`, `cursor`); filter by `status`, `name`,
   * `imageId`, `flavorId` and `tags` (servers having all of them). Member keys see their
   * project's servers; admin keys see every project's, or one with `projectId`.
   */
  @Get()
  @ApiOkResponse({ type: ServerPageDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED')
  list(
    @Query() query: ListServersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ServerPageDto> {
    return this.servers.list(principal, query);
  }

  /**
   * Read a server
   *
   * @remarks
   * A server in transition is refreshed from the cloud first, so polling shows each step.
   * The `ETag` header can be sent back as `If-Match` on `PATCH`.
   */
  @Get(':id')
  @ApiOkResponse({
    type: ServerDto,
    headers: { ETag: { description: 'Version of the server', schema: { type: 'string' } } },
  })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'SERVER_NOT_FOUND')
  async get(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    const { server, etag } = await this.servers.get(principal, id);
    void reply.header('etag', etag);
    return server;
  }

  /**
   * Rename a server or replace its metadata
   *
   * @remarks
   * Made in the cloud, then in the inventory; answers once the cloud has it. A rename works
   * in any status; new metadata needs ACTIVE, SHUTOFF, PAUSED or SUSPENDED with no task in
   * progress (409 otherwise). Send the `ETag` of a read as `If-Match` to get 412 instead of
   * overwriting someone else's change.
   */
  @Patch(':id')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from a previous read; 412 if the server changed since.',
  })
  @ApiOkResponse({
    type: ServerDto,
    headers: { ETag: { description: 'The new version of the server', schema: { type: 'string' } } },
  })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'PRECONDITION_FAILED',
    'SERVER_LOCKED',
    'QUOTA_EXCEEDED',
    PROBLEMS.serverChange,
  )
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateServerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    const { server, etag } = await this.edits.update(ctx, id, body, ifMatch);
    void reply.header('etag', etag);
    return server;
  }

  @Delete(':id')
  @HttpCode(202)
  @ApiOperation({
    summary: SERVER_ACTIONS.delete.summary,
    description: SERVER_ACTIONS.delete.description,
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(actionProblems(SERVER_ACTIONS.delete))
  async remove(
    @Param('id', ParseIdPipe) id: string,
    @NoBody() _body: undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return sendResult(reply, await this.lifecycle.act(ctx, id, 'delete')) as ServerDto;
  }

  /**
   * Read a server's console log
   *
   * @remarks
   * The whole log, or its last `lines` lines. 409 while the server has no host to read it
   * from (still building, or shelved and offloaded).
   */
  @Get(':id/console')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ConsoleOutputDto })
  @ApiProblems(
    PROBLEMS.key,
    'VALIDATION_FAILED',
    'SERVER_NOT_FOUND',
    'INVALID_STATE_TRANSITION',
    PROBLEMS.cloud,
  )
  async console(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ConsoleQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsoleOutputDto> {
    return { output: await this.servers.console(principal, id, query.lines) };
  }

  /**
   * List a server's tags
   *
   * @remarks
   * Sorted case-insensitively. Tags are Nova's server tags: at most 50, each 1-60
   * characters without `/` or `,`.
   */
  @Get(':id/tags')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ServerTagsDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'SERVER_NOT_FOUND')
  tags(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ServerTagsDto> {
    return this.edits.tags(ctx, id);
  }

  /**
   * Replace a server's tags
   *
   * @remarks
   * Replaces every tag, in the cloud and in the inventory. Tags change in ACTIVE, SHUTOFF,
   * PAUSED and SUSPENDED (also during a task; 409 otherwise); a locked server refuses them
   * to member keys (409 SERVER_LOCKED).
   */
  @Put(':id/tags')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ServerTagsDto })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'SERVER_LOCKED',
    PROBLEMS.serverChange,
  )
  setTags(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SetServerTagsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ServerTagsDto> {
    return this.edits.setTags(ctx, id, body.tags);
  }

  /**
   * Add a tag to a server
   *
   * @remarks
   * 201 with the server's tags and a `Location`, or 204 when the server has it already. A
   * server has at most 50 tags (400). The same states and lock rule as replacing them.
   */
  @Put(':id/tags/:tag')
  @ApiParam(SERVER_ID_PARAM)
  @ApiParam(TAG_PARAM)
  @ApiCreatedResponse({
    type: ServerTagsDto,
    description: 'Added; `Location` names the tag.',
    headers: { Location: { description: 'The tag', schema: { type: 'string' } } },
  })
  @ApiNoContentResponse({ description: 'The server has the tag already.' })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'SERVER_LOCKED',
    PROBLEMS.serverChange,
  )
  async addTag(
    @Param('id', ParseIdPipe) id: string,
    @Param('tag', ParseTagPipe) tag: string,
    @NoBody() _body: undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerTagsDto | undefined> {
    const result = await this.edits.addTag(ctx, id, tag);
    const body = sendResult(reply, result);
    return result.status === 204 ? undefined : body;
  }

  /**
   * Remove a tag from a server
   *
   * @remarks
   * 404 TAG_NOT_FOUND when the server does not have it (tags compare case-sensitively). The
   * same states and lock rule as replacing them.
   */
  @Delete(':id/tags/:tag')
  @HttpCode(204)
  @ApiParam(SERVER_ID_PARAM)
  @ApiParam(TAG_PARAM)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'TAG_NOT_FOUND',
    'SERVER_LOCKED',
    PROBLEMS.serverChange,
  )
  async removeTag(
    @Param('id', ParseIdPipe) id: string,
    @Param('tag', ParseTagPipe) tag: string,
    @NoBody() _body: undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.edits.removeTag(ctx, id, tag);
  }

  /**
   * List a server's action history
   *
   * @remarks
   * Every change made through this API (create, update, actions, tag changes, delete),
   * newest first, each `pending` until it ends `succeeded` or `failed` (with an error text).
   */
  @Get(':id/actions')
  @ApiOkResponse({ type: ServerActionPageDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'SERVER_NOT_FOUND')
  actions(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ServerActionPageDto> {
    return this.servers.history(principal, id, query.limit, query.cursor);
  }
}

// POST /servers/{id}/<action>, one route per entry of the lifecycle table.
for (const [name, spec] of Object.entries(SERVER_ACTIONS)) {
  addServerActionRoute(ServersController, name as ServerActionKey, spec);
}

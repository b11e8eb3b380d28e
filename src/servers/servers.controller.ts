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
import { ApiProblems } from '../common/http/api-problems.decorator';
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

  /** Creates a server. Answers 202 with the server in BUILD (or already ACTIVE). */
  @Post()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({
    type: ServerDto,
    description: 'Accepted; `Location` names the new server.',
  })
  @ApiProblems(400, 401, 409, 413, 415, 422, 503)
  async create(
    @Body() body: CreateServerDto,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return sendResult(reply, await this.servers.create(ctx, body));
  }

  /** Lists servers, newest first. Member keys see their project; admin keys see all (or `projectId`). */
  @Get()
  @ApiOkResponse({ type: ServerPageDto })
  @ApiProblems(400, 401)
  list(
    @Query() query: ListServersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ServerPageDto> {
    return this.servers.list(principal, query);
  }

  /** Reads a server. The `ETag` header can be sent back as `If-Match` on PATCH. */
  @Get(':id')
  @ApiOkResponse({
    type: ServerDto,
    headers: { ETag: { description: 'Version of the server', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 404)
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
   * Renames a server or replaces its metadata, in the cloud and in the inventory. A rename
   * works in any status; new metadata needs ACTIVE, SHUTOFF, PAUSED or SUSPENDED with no
   * task in progress (409 otherwise).
   */
  @Patch(':id')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from a previous read; 412 if the server changed since.',
  })
  @ApiOkResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 412, 413, 415)
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

  /** Deletes a server. Answers 202; once the cloud has removed it, the server reads 404. */
  @Delete(':id')
  @HttpCode(202)
  @ApiOperation({
    summary: SERVER_ACTIONS.delete.summary,
    description: SERVER_ACTIONS.delete.description,
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 502, 503)
  async remove(
    @Param('id', ParseIdPipe) id: string,
    @NoBody() _body: undefined,
    @Ctx() ctx: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return sendResult(reply, await this.lifecycle.act(ctx, id, 'delete')) as ServerDto;
  }

  /**
   * The server's console log, whole or its last `lines` lines. 409 while the server has
   * no host to read it from (still building, or shelved and offloaded).
   */
  @Get(':id/console')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ConsoleOutputDto })
  @ApiProblems(400, 401, 404, 409, 502, 503)
  async console(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ConsoleQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConsoleOutputDto> {
    return { output: await this.servers.console(principal, id, query.lines) };
  }

  /** The server's tags, sorted case-insensitively. */
  @Get(':id/tags')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ServerTagsDto })
  @ApiProblems(400, 401, 404)
  tags(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<ServerTagsDto> {
    return this.edits.tags(ctx, id);
  }

  /**
   * Replaces every tag of the server, in the cloud and in the inventory. Tags change in
   * ACTIVE, SHUTOFF, PAUSED, SUSPENDED (also during a task; 409 otherwise); a locked
   * server refuses them to member keys (409 SERVER_LOCKED).
   */
  @Put(':id/tags')
  @ApiParam(SERVER_ID_PARAM)
  @ApiOkResponse({ type: ServerTagsDto })
  @ApiProblems(400, 401, 404, 409, 413, 415, 422, 502, 503)
  setTags(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SetServerTagsDto,
    @Ctx() ctx: RequestContext,
  ): Promise<ServerTagsDto> {
    return this.edits.setTags(ctx, id, body.tags);
  }

  /**
   * Adds one tag: 201 with the server's tags and a `Location`, or 204 when the server
   * has it already. A server has at most 50 tags (400).
   */
  @Put(':id/tags/:tag')
  @ApiParam(SERVER_ID_PARAM)
  @ApiParam(TAG_PARAM)
  @ApiCreatedResponse({ type: ServerTagsDto, description: 'Added; `Location` names the tag.' })
  @ApiNoContentResponse({ description: 'The server has the tag already.' })
  @ApiProblems(400, 401, 404, 409, 422, 502, 503)
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

  /** Removes one tag; 404 TAG_NOT_FOUND when the server does not have it. */
  @Delete(':id/tags/:tag')
  @HttpCode(204)
  @ApiParam(SERVER_ID_PARAM)
  @ApiParam(TAG_PARAM)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(400, 401, 404, 409, 422, 502, 503)
  async removeTag(
    @Param('id', ParseIdPipe) id: string,
    @Param('tag', ParseTagPipe) tag: string,
    @NoBody() _body: undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<void> {
    await this.edits.removeTag(ctx, id, tag);
  }

  /** The server's action history, newest first. */
  @Get(':id/actions')
  @ApiOkResponse({ type: ServerActionPageDto })
  @ApiProblems(400, 401, 404)
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

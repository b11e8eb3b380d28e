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
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { NoBody } from '../common/http/no-body.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { CreateServerDto } from './dto/create-server.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { ListServersQueryDto } from './dto/list-servers-query.dto';
import { RebootServerDto } from './dto/reboot-server.dto';
import { ServerActionPageDto } from './dto/server-action.dto';
import { ServerPageDto } from './dto/server-page.dto';
import { ServerDto } from './dto/server.dto';
import { SnapshotResultDto } from './dto/snapshot-result.dto';
import { SnapshotServerDto } from './dto/snapshot-server.dto';
import { UpdateServerDto } from './dto/update-server.dto';
import type { ActionResult, RequestContext } from './request-context';
import { ServersService } from './servers.service';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 255 characters. A retry with the same key and body returns the original response; ' +
    'the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
};

/** Server lifecycle. Actions are asynchronous: they answer 202 and the server moves on its own. */
@ApiTags('servers')
@ApiBearerAuth()
@Controller('servers')
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  /** Creates a server. Answers 202 with the server in BUILD (or already ACTIVE). */
  @Post()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({
    type: ServerDto,
    description: 'Accepted; `Location` names the new server.',
  })
  @ApiProblems(400, 401, 409, 413, 422, 503)
  async create(
    @Body() body: CreateServerDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    const result = await this.servers.create(context(principal, req, idempotencyKey), body);
    return send(reply, result);
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

  /** Renames a server or replaces its metadata. */
  @Patch(':id')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from a previous read; 412 if the server changed since.',
  })
  @ApiOkResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 412, 413)
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateServerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    const { server, etag } = await this.servers.update(context(principal, req), id, body, ifMatch);
    void reply.header('etag', etag);
    return server;
  }

  /** Deletes a server. Answers 202; once the cloud has removed it, the server reads 404. */
  @Delete(':id')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 503)
  async remove(
    @Param('id', ParseIdPipe) id: string,
    @NoBody() _body: undefined,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return send(
      reply,
      await this.servers.remove(context(principal, req, idempotencyKey), id),
    ) as ServerDto;
  }

  /** Powers on a SHUTOFF server. */
  @Post(':id/start')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async start(
    @Param('id', ParseIdPipe) id: string,
    @NoBody() _body: undefined,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return send(
      reply,
      await this.servers.start(context(principal, req, idempotencyKey), id),
    ) as ServerDto;
  }

  /** Powers off an ACTIVE (or ERROR) server. */
  @Post(':id/stop')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async stop(
    @Param('id', ParseIdPipe) id: string,
    @NoBody() _body: undefined,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    return send(
      reply,
      await this.servers.stop(context(principal, req, idempotencyKey), id),
    ) as ServerDto;
  }

  /** Reboots a server: SOFT from ACTIVE; HARD from ACTIVE, SHUTOFF or ERROR. */
  @Post(':id/reboot')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: ServerDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async reboot(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: RebootServerDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ServerDto> {
    const result = await this.servers.reboot(
      context(principal, req, idempotencyKey),
      id,
      body.type,
    );
    return send(reply, result) as ServerDto;
  }

  /** Snapshots an ACTIVE or SHUTOFF server into a new image. */
  @Post(':id/snapshot')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: SnapshotResultDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async snapshot(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SnapshotServerDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SnapshotResultDto> {
    const result = await this.servers.snapshot(
      context(principal, req, idempotencyKey),
      id,
      body.name,
    );
    return send(reply, result);
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

function context(
  principal: Principal,
  req: FastifyRequest,
  idempotencyKey?: string,
): RequestContext {
  return { principal, requestId: req.id, idempotencyKey };
}

function send<T>(reply: FastifyReply, result: ActionResult<T>): T {
  void reply.status(result.status);
  if (result.location) void reply.header('location', result.location);
  return result.body;
}

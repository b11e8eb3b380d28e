import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { CreateKeypairDto } from './dto/create-keypair.dto';
import { CreatedKeypairDto, KeypairDto, KeypairListDto } from './dto/keypair.dto';
import { KeypairsService } from './keypairs.service';
import { ParseKeypairNamePipe } from './parse-keypair-name.pipe';

const NAME_PARAM = {
  name: 'name',
  description: 'The key pair name (URL-encoded: a space is `%20`).',
  example: 'ops-key',
};

/** SSH key pairs of the API key's project, for `keyName` on server create. */
@ApiTags('keypairs')
@ApiBearerAuth()
@Controller('keypairs')
export class KeypairsController {
  constructor(private readonly keypairs: KeypairsService) {}

  /**
   * Imports a public key, or, without `publicKey`, generates an Ed25519 key pair and
   * answers its private key this once (with `Cache-Control: no-store`).
   */
  @Post()
  @ApiCreatedResponse({ type: CreatedKeypairDto })
  @ApiProblems(400, 401, 409, 413, 415, 503)
  async create(
    @Body() body: CreateKeypairDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedKeypairDto> {
    const created = await this.keypairs.create(principal, body);
    if (created.privateKey !== undefined) void reply.header('cache-control', 'no-store');
    return created;
  }

  /** Lists the project's key pairs, by name. */
  @Get()
  @ApiOkResponse({ type: KeypairListDto })
  @ApiProblems(401, 503)
  list(@CurrentPrincipal() principal: Principal): Promise<KeypairListDto> {
    return this.keypairs.list(principal);
  }

  /** Reads one key pair. */
  @Get(':name')
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: KeypairDto })
  @ApiProblems(400, 401, 404, 503)
  get(
    @Param('name', ParseKeypairNamePipe) name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeypairDto> {
    return this.keypairs.get(principal, name);
  }

  /** Deletes a key pair. Servers created with it keep it in their authorized keys. */
  @Delete(':name')
  @HttpCode(204)
  @ApiParam(NAME_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(400, 401, 404, 503)
  async delete(
    @Param('name', ParseKeypairNamePipe) name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.keypairs.delete(principal, name);
  }
}

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
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
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
   * Create or import a key pair
   *
   * @remarks
   * Imports a public key (`ssh-ed25519`, `ecdsa-sha2-*`, or `ssh-rsa` of 2048 bits or more),
   * or, without `publicKey`, generates an Ed25519 key pair and answers its private key this
   * once (with `Cache-Control: no-store`): it is kept nowhere. Names are unique per project
   * (409 KEYPAIR_EXISTS).
   */
  @Post()
  @ApiCreatedResponse({ type: CreatedKeypairDto })
  @ApiProblems(PROBLEMS.key, PROBLEMS.body, 'VALIDATION_FAILED', 'KEYPAIR_EXISTS', PROBLEMS.cloud)
  async create(
    @Body() body: CreateKeypairDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedKeypairDto> {
    const created = await this.keypairs.create(principal, body);
    if (created.privateKey !== undefined) void reply.header('cache-control', 'no-store');
    return created;
  }

  /**
   * List key pairs
   *
   * @remarks
   * Your project's key pairs, by name, in one page.
   */
  @Get()
  @ApiOkResponse({ type: KeypairListDto })
  @ApiProblems(PROBLEMS.key, PROBLEMS.cloud)
  list(@CurrentPrincipal() principal: Principal): Promise<KeypairListDto> {
    return this.keypairs.list(principal);
  }

  /**
   * Read a key pair
   *
   * @remarks
   * One of your project's key pairs, with its public key and fingerprint.
   */
  @Get(':name')
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: KeypairDto })
  @ApiProblems(PROBLEMS.key, 'VALIDATION_FAILED', 'KEYPAIR_NOT_FOUND', PROBLEMS.cloud)
  get(
    @Param('name', ParseKeypairNamePipe) name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeypairDto> {
    return this.keypairs.get(principal, name);
  }

  /**
   * Delete a key pair
   *
   * @remarks
   * Servers created with it keep it in their authorized keys.
   */
  @Delete(':name')
  @HttpCode(204)
  @ApiParam(NAME_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(
    PROBLEMS.key,
    PROBLEMS.body,
    'VALIDATION_FAILED',
    'KEYPAIR_NOT_FOUND',
    PROBLEMS.cloud,
  )
  async delete(
    @Param('name', ParseKeypairNamePipe) name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.keypairs.delete(principal, name);
  }
}

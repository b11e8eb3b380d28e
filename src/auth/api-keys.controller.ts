import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, PROBLEMS } from '../common/http/api-problems.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { AdminOnly } from './auth.decorators';
import { ApiKeyPageDto } from './dto/api-key-page.dto';
import { ApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { CreatedApiKeyDto } from './dto/created-api-key.dto';

const toDto = (key: ApiKeyEntity): ApiKeyDto => ({
  id: key.id,
  projectId: key.projectId,
  role: key.role,
  name: key.name,
  createdAt: key.createdAt.toISOString(),
});

/** API key management (admin keys only). */
@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /**
   * Mint an API key
   *
   * @remarks
   * For a project, with the role `member` or `admin`. The secret is in this response only
   * (sent with `Cache-Control: no-store`); only its hash is kept. Admin keys are global: they
   * read and act on every project's servers.
   */
  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(PROBLEMS.admin, PROBLEMS.body, 'VALIDATION_FAILED')
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { entity, secret } = await this.apiKeys.create(body);
    return { ...toDto(entity), key: secret };
  }

  /**
   * List API keys
   *
   * @remarks
   * Newest first, a page at a time, without their secrets.
   */
  @Get()
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems(PROBLEMS.admin, 'VALIDATION_FAILED')
  async list(@Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    const page = await this.apiKeys.list(query.limit, query.cursor);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /**
   * Revoke an API key
   *
   * @remarks
   * The key stops working at once, and so do the OpenStack-compatible API's tokens issued
   * for it.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(PROBLEMS.admin, PROBLEMS.body, 'VALIDATION_FAILED', 'API_KEY_NOT_FOUND')
  async revoke(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}

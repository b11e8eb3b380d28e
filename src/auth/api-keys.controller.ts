import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../common/http/api-problems.decorator';
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

  /** Mints a key. The secret is in this response only. */
  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400, 401, 403, 413, 415)
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { entity, secret } = await this.apiKeys.create(body);
    return { ...toDto(entity), key: secret };
  }

  /** Lists keys, newest first, without secrets. */
  @Get()
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    const page = await this.apiKeys.list(query.limit, query.cursor);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** Revokes a key; it stops working at once. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 401, 403, 404)
  async revoke(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}

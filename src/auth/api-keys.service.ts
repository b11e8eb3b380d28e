import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { Errors } from '../common/errors/errors';
import { keysetPage, type Page } from '../common/pagination/keyset';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { AppConfig } from '../config/app-config';
import { ApiKeyEntity, type ApiKeyRole } from './api-key.entity';
import { hashApiKey, newApiKeySecret, sameHash } from './api-key-secret';
import { ADMIN_PROJECT_ID, BOOTSTRAP_KEY_ID, type Principal } from './principal';

/** The lookup of a key by its hash, on the data source's database (one parameter). */
export function keyByHashSql(dataSource: DataSource): string {
  const q = (name: string) => dataSource.driver.escape(name);
  const param = dataSource.options.type === 'postgres' ? '$1' : '?';
  return `SELECT ${q('id')}, ${q('projectId')}, ${q('role')} FROM ${q('api_keys')} WHERE ${q('keyHash')} = ${param}`;
}

/** Mints, lists, revokes and checks API keys. */
@Injectable()
export class ApiKeysService {
  private readonly bootstrapHash: string;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.bootstrapHash = hashApiKey(config.adminApiKey);
  }

  private get repo() {
    return this.txHost.tx.getRepository(ApiKeyEntity);
  }

  /** The principal for a bearer secret, or null when the key is unknown or revoked. */
  async authenticate(secret: string): Promise<Principal | null> {
    const hash = hashApiKey(secret);
    if (sameHash(hash, this.bootstrapHash)) {
      return { keyId: BOOTSTRAP_KEY_ID, projectId: ADMIN_PROJECT_ID, role: 'admin' };
    }
    // Every request asks this: plain SQL (a prepared statement on SQLite), no query builder.
    const [key] = await this.uow.read(() =>
      this.txHost.tx.query<Pick<ApiKeyEntity, 'id' | 'projectId' | 'role'>[]>(
        keyByHashSql(this.txHost.tx.connection),
        [hash],
      ),
    );
    return key ? { keyId: key.id, projectId: key.projectId, role: key.role } : null;
  }

  /** Whether the key still works: not revoked (the bootstrap key always works). */
  async isActive(keyId: string): Promise<boolean> {
    if (keyId === BOOTSTRAP_KEY_ID) return true;
    return this.uow.read(() => this.repo.existsBy({ id: keyId }));
  }

  async create(input: { projectId: string; role: ApiKeyRole; name: string }) {
    const secret = newApiKeySecret();
    const entity = this.repo.create({
      id: newId(),
      name: input.name,
      projectId: input.projectId,
      role: input.role,
      keyHash: hashApiKey(secret),
      createdAt: this.clock.now(),
    });
    await this.uow.transaction(() => this.repo.insert(entity));
    return { entity, secret };
  }

  list(limit: number, cursor?: string): Promise<Page<ApiKeyEntity>> {
    return this.uow.read(() => keysetPage(this.repo.createQueryBuilder('k'), limit, cursor));
  }

  async revoke(id: string): Promise<void> {
    const result = await this.uow.transaction(() => this.repo.delete({ id }));
    if (!result.affected) throw Errors.apiKeyNotFound(id);
  }
}

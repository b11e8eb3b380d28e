import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../../auth/api-keys.service';
import { Clock } from '../../../common/clock/clock';
import { UnitOfWork } from '../../../common/uow/unit-of-work';
import { AppConfig } from '../../../config/app-config';
import { MockCloudRows } from '../mock-cloud-rows';
import { MockOpenStackClient } from '../mock-openstack-client';
import { MockOpenStackOptions } from '../mock-openstack-options';
import { OpenStackFaults } from './faults/openstack-faults';
import type { TokenClaims } from './keystone/token-codec';
import { TokenCodec } from './keystone/token-codec';

/** A Host header fit to be echoed into URLs (name or IP literal, optional port). */
const SANE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/**
 * What the OpenStack-compatible routes share: a simulator of their own (so the façade
 * works whichever client the REST API is bound to), raw row access for the wire views,
 * the token codec, the API keys, the faults and the clock.
 */
@Injectable()
export class OpenStackApiContext {
  readonly client: MockOpenStackClient;
  readonly rows: MockCloudRows;
  readonly tokens: TokenCodec;

  constructor(
    txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    readonly clock: Clock,
    readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly apiKeys: ApiKeysService,
    readonly faults: OpenStackFaults,
  ) {
    this.client = new MockOpenStackClient(
      txHost,
      clock,
      new MockOpenStackOptions(config.mockLatencyMs),
    );
    this.rows = new MockCloudRows(txHost, clock);
    this.tokens = new TokenCodec(config.adminApiKey);
  }

  /** Runs simulator work as one unit of work (serialised with every other on SQLite). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.uow.transaction(fn);
  }

  /** The key behind an API-key password, or null. */
  authenticateKey(secret: string) {
    return this.apiKeys.authenticate(secret);
  }

  /** The claims of a token that is authentic, unexpired and whose API key still works. */
  async verifyToken(token: string | string[] | undefined): Promise<TokenClaims | null> {
    if (typeof token !== 'string' || token === '') return null;
    const claims = this.tokens.decode(token.trim());
    if (!claims || claims.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return (await this.apiKeys.isActive(claims.keyId)) ? claims : null;
  }

  /** The façade's own base URL: OPENSTACK_API_PUBLIC_URL, else the request's scheme and Host. */
  baseUrl(request: FastifyRequest): string {
    const configured = this.config.openstackApi.publicUrl;
    if (configured) return configured;
    const host = request.headers.host ?? '';
    return `${request.protocol}://${SANE_HOST.test(host) ? host : '127.0.0.1'}`;
  }
}

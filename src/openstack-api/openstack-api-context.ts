import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { AppConfig } from '../config/app-config';
import { SimulatedCloud } from '../simulator';
import { OpenStackFaults } from './faults/openstack-faults';
import type { TokenClaims } from './keystone/token-codec';
import { TokenCodec } from './keystone/token-codec';

/** A Host header fit to be echoed into URLs (name or IP literal, optional port). */
const SANE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/**
 * What the OpenStack-compatible routes share: the app's one simulated cloud (its rows
 * carry every column the wire views need), the token codec, the API keys (through the
 * auth module's public service), the faults and the clock.
 */
@Injectable()
export class OpenStackApiContext {
  readonly tokens: TokenCodec;

  constructor(
    readonly cloud: SimulatedCloud,
    readonly clock: Clock,
    readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly apiKeys: ApiKeysService,
    readonly faults: OpenStackFaults,
  ) {
    this.tokens = new TokenCodec(config.adminApiKey);
  }

  /**
   * Whether the API is served: only over the simulator (with a real cloud behind the REST
   * API the simulated tables would be a cloud nobody else sees) and when
   * `OPENSTACK_API_ENABLED` is on.
   */
  get served(): boolean {
    return this.config.useMockOpenStack && this.config.openstackApi.enabled;
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

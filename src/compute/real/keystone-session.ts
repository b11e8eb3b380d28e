import { Logger } from '@nestjs/common';
import type { Clock } from '../../common/clock/clock';
import type { OpenStackConnectionConfig } from '../../config/openstack-connection-config';
import { CloudUnauthorizedError, CloudUnavailableError } from '../cloud-errors';
import type { HttpRequest, HttpResponse } from './http-exchange';
import { identityV3Url, keystoneAuthBody } from './keystone-auth-body';
import { KeystoneToken } from './keystone-token';
import { toCloudError } from './openstack-error-parser';
import type { Redactor } from './redactor';
import type { ResilientHttp } from './resilient-http';
import { ServiceCatalog } from './service-catalog';
import { SingleFlight } from '../../common/single-flight';

/**
 * How long a refusal of the configured credentials is answered from memory instead of
 * asking Keystone again: repeated failed logins can lock an account (keystone's
 * `lockout_failure_attempts`), and the credentials will not fix themselves in a second.
 */
const REFUSAL_MEMORY_MS = 30_000;

interface TokenBody {
  token?: {
    issued_at?: string;
    expires_at?: string;
    catalog?: unknown;
    project?: { id?: string };
  };
}

/**
 * A Keystone v3 session: one token shared by every call, fetched once however many
 * calls need it at the same time (single flight), refreshed early — in the background
 * while the old one is still good — and replaced after a 401. A call that gets a 401
 * is retried once, after at most one re-authentication shared with every other call
 * that saw the same token rejected; never more.
 */
export class KeystoneSession {
  private readonly logger = new Logger('OpenStackClient');
  private readonly flight = new SingleFlight<'auth', KeystoneToken>();
  private current: KeystoneToken | null = null;
  /** A credential refusal, remembered for a while (see `REFUSAL_MEMORY_MS`). */
  private refused: { error: CloudUnauthorizedError; until: number } | null = null;

  constructor(
    private readonly config: OpenStackConnectionConfig,
    private readonly http: ResilientHttp,
    private readonly clock: Clock,
    private readonly redactor: Redactor,
  ) {
    const auth = config.auth;
    redactor.remember(auth.kind === 'password' ? auth.password.reveal() : auth.secret.reveal());
  }

  /** A usable token: the cached one, or a fresh one shared with concurrent callers. */
  async token(): Promise<KeystoneToken> {
    const token = this.current;
    const now = this.clock.now().getTime();
    if (token && now < token.refreshAt) return token;
    if (token && now < token.staleAt) {
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`Background token refresh failed: ${String(error)}`),
      );
      return token;
    }
    return this.refresh();
  }

  /** The catalog URL of a service type, from the current token. */
  async endpoint(type: 'compute' | 'image' | 'network'): Promise<string> {
    return this.urlFor(await this.token(), type);
  }

  /** The catalog URL of a service type in a given token's catalog. */
  urlFor(token: KeystoneToken, type: 'compute' | 'image' | 'network'): string {
    return token.endpoint(type, this.config.interface, this.config.regionName);
  }

  /**
   * Sends an authenticated request built for a token. On 401 the token is dropped
   * (unless someone already replaced it), one new token is obtained and the request
   * goes once more — safe for any method, since a 401 means it was not processed.
   */
  async send(build: (token: KeystoneToken) => HttpRequest): Promise<HttpResponse> {
    const token = await this.token();
    const first = build(token);
    const response = await this.http.send(first);
    if (response.status !== 401) return response;
    if (this.current === token) this.current = null;
    // A streamed body is spent: the caller gets the 401, the next call a new token.
    if (first.stream) return response;
    return this.http.send(build(await this.token()));
  }

  private refresh(): Promise<KeystoneToken> {
    // Re-sending credentials Keystone just refused could lock the account out.
    if (this.refused && this.clock.now().getTime() < this.refused.until) {
      return Promise.reject(this.refused.error);
    }
    return this.flight.run('auth', async () => {
      const token = await this.authenticate();
      const previous = this.current;
      if (previous) this.redactor.forget(previous.value);
      this.redactor.remember(token.value);
      this.current = token;
      return token;
    });
  }

  private async authenticate(): Promise<KeystoneToken> {
    const response = await this.http.send({
      service: 'identity',
      method: 'POST',
      url: `${identityV3Url(this.config.authUrl)}/auth/tokens`,
      body: keystoneAuthBody(this.config.auth),
      // Asking for a token twice is harmless, so failures may be retried.
      idempotent: true,
    });
    if (response.status === 401 || response.status === 403) {
      const error = toCloudError('identity', response, this.redactor);
      const refusal = new CloudUnauthorizedError(
        `Keystone refused the configured credentials: ${error.message}`,
      );
      this.refused = { error: refusal, until: this.clock.now().getTime() + REFUSAL_MEMORY_MS };
      throw refusal;
    }
    this.refused = null;
    if (response.status !== 201 && response.status !== 200) {
      throw toCloudError('identity', response, this.redactor);
    }
    const value = response.header('x-subject-token');
    const body = (response.json() as TokenBody | null)?.token;
    if (!value || !body) {
      throw new CloudUnavailableError('Keystone answered a token request without a token.');
    }
    const now = this.clock.now().getTime();
    const lifetimeMs = KeystoneToken.lifetimeMs(body, now);
    this.logger.debug(
      `Authenticated to Keystone; token valid for ${Math.round(lifetimeMs / 1000)} s`,
    );
    return new KeystoneToken(
      value,
      new ServiceCatalog(body.catalog),
      body.project?.id ?? null,
      now,
      lifetimeMs,
    );
  }
}

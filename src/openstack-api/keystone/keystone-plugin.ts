import { randomBytes } from 'node:crypto';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal';
import { applyFault, UNAUTHORIZED_MESSAGE } from '../http/fault-guard';
import { sendJson } from '../http/send-json';
import { setUpService } from '../http/service-setup';
import type { OpenStackApiContext } from '../openstack-api-context';
import { parseAuthRequest, type AuthRequest } from './auth-request';
import { writeKeystoneError } from './keystone-errors';
import { identityV3 } from './keystone-versions';
import { tokenBody } from './token-body';
import type { TokenClaims } from './token-codec';

/**
 * Keystone v3, the part clients need: version discovery, and tokens issued for this
 * service's API keys (the key is the password, or an application credential's secret).
 * Tokens are stateless and signed; see `TokenCodec`.
 */
export function keystonePlugin(
  ctx: OpenStackApiContext,
  { versionList = true }: { versionList?: boolean } = {},
): FastifyPluginCallback {
  // Mounted at `/identity` the plugin serves `/` and `/v3/…`; mounted at `/v3` (the root
  // alias) it serves only the v3 routes, relative to that prefix.
  const v3 = versionList ? '/v3' : '';
  return (instance, _options, done) => {
    setUpService(instance, ctx, {
      service: 'identity',
      write: writeKeystoneError,
      bodies: 'keystone',
      requestIdHeaders: ['x-openstack-request-id'],
    });
    instance.addHook('onRequest', (_request, reply, next) => {
      void reply.header('vary', 'X-Auth-Token');
      next();
    });
    const unauthorized = (reply: FastifyReply) =>
      writeKeystoneError(reply, 401, UNAUTHORIZED_MESSAGE);
    const faulted = (request: FastifyRequest, reply: FastifyReply) =>
      applyFault(ctx.faults, 'identity', request, reply, writeKeystoneError, unauthorized);

    if (versionList) {
      instance.get('/', async (request, reply) =>
        sendJson(reply, { versions: { values: [identityV3(ctx.baseUrl(request))] } }, 300),
      );
    }
    instance.get(v3 || '/', async (request, reply) =>
      sendJson(reply, { version: identityV3(ctx.baseUrl(request)) }),
    );

    instance.post(`${v3}/auth/tokens`, async (request, reply) => {
      if (faulted(request, reply)) return reply;
      const parsed = parseAuthRequest(request.body);
      if (typeof parsed === 'string') return writeKeystoneError(reply, 400, parsed);
      const claims = await issue(ctx, parsed);
      if (!claims) return unauthorized(reply);
      const query = request.query as Record<string, string | undefined>;
      const baseUrl = 'nocatalog' in query ? null : ctx.baseUrl(request);
      void reply.header('x-subject-token', ctx.tokens.encode(claims));
      return sendJson(reply, tokenBody(claims, baseUrl), 201);
    });

    // Token validation, as services (and `openstack token issue` users) call it.
    instance.get(`${v3}/auth/tokens`, async (request, reply) => {
      if (faulted(request, reply)) return reply;
      if (!(await ctx.verifyToken(request.headers['x-auth-token']))) return unauthorized(reply);
      const subject = request.headers['x-subject-token'];
      const claims = await ctx.verifyToken(subject);
      if (!claims) return writeKeystoneError(reply, 404, 'Could not find token.');
      const query = request.query as Record<string, string | undefined>;
      const baseUrl = 'nocatalog' in query ? null : ctx.baseUrl(request);
      void reply.header('x-subject-token', subject);
      return sendJson(reply, tokenBody(claims, baseUrl));
    });
    done();
  };
}

/** The claims of a new token for this request, or null (401) when it cannot have one. */
async function issue(ctx: OpenStackApiContext, request: AuthRequest): Promise<TokenClaims | null> {
  const { credential, scope } = request;
  if (request.foreignDomain) return null;
  let principal: Principal | null;
  let userName: string;
  if (credential.method === 'token') {
    const previous = await ctx.verifyToken(credential.token);
    principal = previous;
    userName = previous?.userName ?? '';
  } else {
    principal = await ctx.authenticateKey(credential.secret);
    userName = credential.userName ?? principal?.projectId ?? '';
  }
  if (!principal) return null;
  // A key acts for its one project: a token can be scoped to it only (unscoped → scoped to it).
  if (scope.kind === 'unsupported') return null;
  if (scope.kind === 'project' && ![scope.id, scope.name].includes(principal.projectId)) {
    return null;
  }
  const issuedAt = ctx.clock.now();
  const ttl = ctx.faults.tokenTtlSeconds(ctx.config.openstackApi.tokenTtlSeconds);
  return {
    keyId: principal.keyId,
    projectId: principal.projectId,
    role: principal.role,
    userName: userName.slice(0, 64),
    methods: [credential.method],
    auditId: randomBytes(16).toString('base64url'),
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + ttl * 1000),
  };
}

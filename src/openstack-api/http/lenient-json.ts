import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A body refused at parse time, answered by the service's error handler with this message. */
export class MalformedBodyError extends Error {
  readonly statusCode = 400;
}

/**
 * A body the service refuses, kept until the request is authenticated: keystonemiddleware
 * runs before Nova and Glance read a body, so a caller without a valid token gets 401
 * whatever it sent.
 */
export class RefusedBody {
  constructor(
    readonly status: 400 | 415,
    readonly message: string,
  ) {}
}

/** How a service reads bodies, as each real service does (seen on a real cloud). */
export type BodyRules = 'keystone' | 'nova' | 'glance';

const KEYSTONE_SUFFIX =
  ' The server could not comply with the request since it is either malformed or otherwise' +
  ' incorrect. The client is assumed to be in error.';
/** Nova reads these as JSON (no Content-Type, or text/plain, count as JSON too). */
const NOVA_TYPES = new Set([
  'application/json',
  'application/vnd.openstack.compute+json',
  'text/plain',
]);

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * JSON bodies as the OpenStack services take them; an empty body is no body (e.g. a
 * DELETE sent with `Content-Type: application/json`). Keystone wants
 * `application/json` (400 otherwise) and says so before anything else; Nova takes JSON,
 * `text/plain` or no type, and answers any other type 415 and broken JSON 400 once the
 * token is checked; Glance takes any type. Scoped to the plugin it is called in: the
 * REST API keeps its strict parser.
 */
export function useLenientJson(instance: FastifyInstance, rules: BodyRules): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    const type = mediaType(request.headers['content-type']);
    if (rules === 'keystone' && type !== '' && type !== 'application/json') {
      const message = `Expecting to find application/json in Content-Type header.${KEYSTONE_SUFFIX}`;
      return done(new MalformedBodyError(message), undefined);
    }
    if (rules === 'nova' && type !== '' && !NOVA_TYPES.has(type)) {
      return done(null, new RefusedBody(415, 'Unsupported Content-Type'));
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      if (rules === 'keystone') {
        const message = `Expecting to find valid JSON in request body.${KEYSTONE_SUFFIX}`;
        return done(new MalformedBodyError(message), undefined);
      }
      const message =
        rules === 'nova' ? 'Malformed request body' : 'Malformed JSON in request body.';
      done(null, new RefusedBody(400, message));
    }
  });
}

/** The refusal of the request's body, to answer once the caller is authenticated; or null. */
export function refusedBody(request: FastifyRequest): RefusedBody | null {
  return request.body instanceof RefusedBody ? request.body : null;
}

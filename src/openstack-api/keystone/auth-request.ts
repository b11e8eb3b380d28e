/** How the client proves who it is. For `password` and `application_credential` the secret is an API key. */
export type Credential =
  | { method: 'password'; secret: string; userName: string }
  | { method: 'application_credential'; secret: string; userName: string | null }
  | { method: 'token'; token: string };

export type RequestedScope =
  | { kind: 'unscoped' }
  | { kind: 'project'; id: string | null; name: string | null }
  /** Domain, system or trust scopes: no such thing here. */
  | { kind: 'unsupported' };

export interface AuthRequest {
  credential: Credential;
  scope: RequestedScope;
  /**
   * The user or the project was named in a domain other than `Default`, the one domain
   * here: Keystone finds no such user or project, and answers 401.
   */
  foreignDomain: boolean;
}

/** Whether a `domain` reference (by id or name) names something else than Default. */
function foreign(domain: unknown): boolean {
  if (!isObject(domain)) return false;
  const id = str(domain.id);
  const name = str(domain.name);
  if (id !== null) return id !== 'default';
  return name !== null && name.toLowerCase() !== 'default';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * Reads a Keystone v3 `POST /v3/auth/tokens` body. Returns the request, or the message of
 * the 400 Keystone would answer for a body of the wrong shape.
 */
export function parseAuthRequest(body: unknown): AuthRequest | string {
  const auth = isObject(body) ? body.auth : undefined;
  if (!isObject(auth)) return "Invalid input for field 'auth': a JSON object is required.";
  const identity = auth.identity;
  if (!isObject(identity) || !Array.isArray(identity.methods) || identity.methods.length === 0) {
    return "Invalid input for field 'identity': 'methods' is a required property.";
  }
  const credential = readCredential(identity, identity.methods as unknown[]);
  if (typeof credential === 'string') return credential;
  const scope = readScope(auth.scope);
  const methods = identity.methods as unknown[];
  const password = methods.includes('password') ? identity.password : undefined;
  const user = isObject(password) && isObject(password.user) ? password.user : undefined;
  const project = isObject(auth.scope) && isObject(auth.scope.project) ? auth.scope.project : null;
  const foreignDomain = foreign(user?.domain) || foreign(project?.domain);
  return { credential, scope, foreignDomain };
}

function readCredential(identity: Json, methods: unknown[]): Credential | string {
  for (const method of methods) {
    const section = typeof method === 'string' ? identity[method] : undefined;
    if (method === 'password' && isObject(section) && isObject(section.user)) {
      const user = section.user;
      const secret = str(user.password);
      if (!secret) return "Invalid input for field 'password': 'password' is a required property.";
      return { method, secret, userName: str(user.name) ?? str(user.id) ?? 'user' };
    }
    if (method === 'application_credential' && isObject(section)) {
      const secret = str(section.secret);
      if (!secret) return "Invalid input for field 'application_credential': 'secret' is required.";
      const user = isObject(section.user) ? (str(section.user.name) ?? str(section.user.id)) : null;
      return { method, secret, userName: user };
    }
    if (method === 'token' && isObject(section)) {
      const token = str(section.id);
      if (!token) return "Invalid input for field 'token': 'id' is a required property.";
      return { method, token };
    }
  }
  return 'Unsupported authentication method: use password, application_credential or token.';
}

function readScope(scope: unknown): RequestedScope {
  if (scope === undefined || scope === null || scope === 'unscoped') return { kind: 'unscoped' };
  if (isObject(scope) && isObject(scope.project)) {
    return { kind: 'project', id: str(scope.project.id), name: str(scope.project.name) };
  }
  return { kind: 'unsupported' };
}

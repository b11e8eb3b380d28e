import type {
  ApplicationCredentialAuth,
  KeystoneRef,
  PasswordAuth,
} from '../../config/openstack-connection-config';

type Json = Record<string, unknown>;

const ref = (r: KeystoneRef): Json =>
  'id' in r ? { id: r.id } : { name: r.name, domain: { ...r.domain } };

/**
 * The body of `POST /v3/auth/tokens`. A password is scoped to its project; an
 * application credential is already bound to one, and Keystone refuses a scope with it.
 */
export function keystoneAuthBody(auth: PasswordAuth | ApplicationCredentialAuth): Json {
  if (auth.kind === 'application_credential') {
    const credential =
      'id' in auth.credential
        ? { id: auth.credential.id }
        : { name: auth.credential.name, user: ref(auth.credential.user) };
    return {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { ...credential, secret: auth.secret.reveal() },
        },
      },
    };
  }
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { ...ref(auth.user), password: auth.password.reveal() } },
      },
      scope: { project: ref(auth.project) },
    },
  };
}

/**
 * Keystone's v3 root from an auth URL given with or without a version, as openrc files
 * and clouds.yaml write it (`…/v3`, `…/v3/`, `…/identity`, `…:5000`, `…/v2.0`).
 */
export function identityV3Url(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) return trimmed;
  return /\/v2\.0$/.test(trimmed) ? trimmed.replace(/\/v2\.0$/, '/v3') : `${trimmed}/v3`;
}

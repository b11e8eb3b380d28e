import { keystoneAuthBody } from './keystone-auth-body';
import { KeystoneToken } from './keystone-token';
import { ServiceCatalog } from './service-catalog';
import { Secret } from '../../config/secret';

const HOUR = 3_600_000;

describe('KeystoneToken', () => {
  const token = (lifetimeMs: number) =>
    new KeystoneToken('t', new ServiceCatalog([]), 'p', 1_000_000, lifetimeMs);

  it('refreshes a one-hour token 5 minutes early, and stops trusting it 2.5 minutes early', () => {
    const t = token(HOUR);
    expect(t.refreshAt).toBe(1_000_000 + HOUR - 300_000);
    expect(t.staleAt).toBe(1_000_000 + HOUR - 150_000);
  });

  it('refreshes a short-lived token when 10% of its life is left', () => {
    const t = token(60_000);
    expect(t.refreshAt).toBe(1_000_000 + 54_000);
    expect(t.staleAt).toBe(1_000_000 + 57_000);
  });

  it('takes the lifetime from Keystone’s own issued_at/expires_at, immune to clock skew', () => {
    const body = {
      issued_at: '2026-11-26T03:30:58.000000Z',
      expires_at: '2026-11-26T04:30:58.000000Z',
    };
    expect(KeystoneToken.lifetimeMs(body, 0)).toBe(HOUR);
    expect(KeystoneToken.lifetimeMs({ expires_at: 'never' }, 0)).toBe(0);
  });
});

describe('keystoneAuthBody', () => {
  it('scopes a password login to its project, by name and domain or by id', () => {
    expect(
      keystoneAuthBody({
        kind: 'password',
        user: { name: 'demo', domain: { name: 'Default' } },
        password: new Secret('demo-secret'),
        project: { id: 'p-1' },
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: 'demo', domain: { name: 'Default' }, password: 'demo-secret' },
          },
        },
        scope: { project: { id: 'p-1' } },
      },
    });
  });

  it('sends an application credential without a scope', () => {
    expect(
      keystoneAuthBody({
        kind: 'application_credential',
        credential: { name: 'ci', user: { id: 'u-1' } },
        secret: new Secret('s'),
      }),
    ).toEqual({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci', user: { id: 'u-1' }, secret: 's' },
        },
      },
    });
  });
});

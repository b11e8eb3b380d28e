import { ConfigError } from './config/config-error';
import { displayHost, startupFailure } from './startup-failure';

function errno(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} happened`), { code, ...extra });
}

describe('startupFailure', () => {
  it('prints a configuration error as its own message, even when wrapped', () => {
    const config = new ConfigError({ PORT: ['must be an integer number'] });
    expect(startupFailure(config)).toBe(config.message);
    expect(startupFailure(new Error('boot failed', { cause: config }))).toBe(config.message);
  });

  it('names the address and what to do when the port is taken', () => {
    const line = startupFailure(
      errno('EADDRINUSE', { syscall: 'listen', address: '0.0.0.0', port: 3000 }),
    );
    expect(line).toBe(
      'Cannot listen on 0.0.0.0:3000: the port is in use. Stop the other process or set PORT.',
    );
  });

  it('points at DATABASE_PATH when the database cannot be opened or created', () => {
    expect(startupFailure(errno('SQLITE_CANTOPEN'))).toMatch(/DATABASE_PATH/);
    expect(startupFailure(errno('EACCES', { syscall: 'mkdir', path: '/srv/db' }))).toBe(
      'Cannot create /srv/db for the database (EACCES): set DATABASE_PATH to a writable place.',
    );
  });

  it('is one line without a stack trace for anything else', () => {
    const line = startupFailure(new Error('something broke'));
    expect(line).toBe('Failed to start: something broke');
    expect(line).not.toContain('\n');
  });
});

describe('displayHost', () => {
  it('shows wildcard addresses as localhost and brackets IPv6', () => {
    expect(displayHost('0.0.0.0')).toBe('localhost');
    expect(displayHost('::')).toBe('localhost');
    expect(displayHost('127.0.0.1')).toBe('127.0.0.1');
    expect(displayHost('::1')).toBe('[::1]');
  });
});

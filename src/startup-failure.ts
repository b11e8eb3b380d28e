import { ConfigError } from './config/config-error';

/** A host a person can paste: the wildcard addresses are reachable as localhost. */
export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** One clean line for a failed start: the configuration's problems, or what went wrong. */
export function startupFailure(error: unknown): string {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof ConfigError) return e.message;
  }
  const { code, syscall, path, address, port } = (error ?? {}) as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
  };
  if (syscall === 'listen' && code !== undefined) {
    const where = `${address ?? '?'}:${port ?? '?'}`;
    if (code === 'EADDRINUSE') {
      return `Cannot listen on ${where}: the port is in use. Stop the other process or set PORT.`;
    }
    return `Cannot listen on ${where} (${code}): set HOST/PORT to an address this process may use.`;
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return 'Cannot open the SQLite database (DATABASE_PATH): its directory must exist, or be creatable, and be writable.';
  }
  if ((code === 'EACCES' || code === 'EROFS' || code === 'ENOENT') && path) {
    return `Cannot create ${path} for the database (${code}): set DATABASE_PATH to a writable place.`;
  }
  return `Failed to start: ${error instanceof Error ? error.message : String(error)}`;
}

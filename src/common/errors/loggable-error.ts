import { QueryFailedError } from 'typeorm';

/**
 * What of an unexpected error goes into a log line: its type, code, message and stack,
 * but never the SQL text or parameters a database error carries (they may hold
 * user data or key hashes).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (error instanceof QueryFailedError) {
    const driver = error.driverError as { code?: string } | undefined;
    return { type: 'QueryFailedError', code: driver?.code, message: 'database query failed' };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { type: error.name, code, message: error.message, stack: error.stack };
  }
  return { type: typeof error };
}

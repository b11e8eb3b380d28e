import { QueryFailedError } from 'typeorm';

/** SQLite's and PostgreSQL's unique-constraint failures. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string } | undefined;
  return driver?.code === '23505' || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

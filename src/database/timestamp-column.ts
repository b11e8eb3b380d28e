import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as fixed-width ISO-8601 UTC strings (`2030-01-01T00:00:00.000Z`).
 * They keep milliseconds on every driver, sort lexically in time order (which keyset
 * cursors rely on), and need no driver-specific column type. Values always come from
 * the injected clock, never from a database default.
 */
const isoTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) =>
    value instanceof Date ? value.toISOString() : (value ?? null),
  from: (value: string | Date | null) =>
    value === null || value === undefined ? null : new Date(value),
};

export function TimestampColumn(
  options: Omit<ColumnOptions, 'type' | 'length' | 'transformer'> = {},
) {
  return Column({ ...options, type: 'varchar', length: 24, transformer: isoTransformer });
}

/** JSON stored as text: portable across SQLite and PostgreSQL. */
export const jsonTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};

import { Errors } from '../errors/errors';

/** The position after which the next page starts: the last item's sort key. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** Cursors are opaque to clients: base64url of the last item's (createdAt, id). */
export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString(
    'base64url',
  );
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      ISO.test(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      parsed[1].length <= 64
    ) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw Errors.validation([{ field: 'cursor', message: 'cursor is not a cursor this API issued' }]);
}

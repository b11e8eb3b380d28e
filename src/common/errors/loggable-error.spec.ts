import { QueryFailedError } from 'typeorm';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it('keeps no SQL text or parameters of a database error', () => {
    const error = new QueryFailedError(
      'SELECT * FROM api_keys WHERE "keyHash" = ?',
      ['4f2a-secret-hash'],
      Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    );
    const logged = JSON.stringify(loggableError(error));
    expect(logged).toContain('SQLITE_CONSTRAINT_UNIQUE');
    expect(logged).not.toMatch(/SELECT|api_keys|secret-hash/);
  });

  it('keeps the type, message and stack of other errors', () => {
    const logged = loggableError(new TypeError('x is not a function'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'x is not a function' });
    expect(logged.stack).toEqual(expect.stringContaining('TypeError'));
  });
});

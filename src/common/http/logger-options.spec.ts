import { loadConfig } from '../../config/load-config';
import { loggerOptions } from './logger-options';

describe('loggerOptions', () => {
  const http = loggerOptions(loadConfig({})).pinoHttp as {
    serializers: Record<string, (value: unknown) => unknown>;
    redact: { paths: string[] };
  };

  it('logs a response as its status only: no headers, no token', () => {
    const res = {
      statusCode: 201,
      headers: {
        'x-subject-token': 'secret-token',
        'content-security-policy': "default-src 'self'",
      },
    };
    expect(http.serializers.res(res)).toEqual({ statusCode: 201 });
  });

  it('logs a request as id, method and url, never its headers', () => {
    const req = {
      id: 'r1',
      method: 'GET',
      url: '/api/v1/servers',
      headers: { authorization: 'Bearer k' },
    };
    expect(http.serializers.req(req)).toEqual({ id: 'r1', method: 'GET', url: '/api/v1/servers' });
  });
});

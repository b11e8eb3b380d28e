import { loadConfig } from '../../config/load-config';
import { loggerOptions, rootLogger } from './logger-options';

describe('loggerOptions', () => {
  const http = loggerOptions(rootLogger(loadConfig({}))).pinoHttp as {
    serializers: Record<string, (value: unknown) => unknown>;
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

describe('rootLogger', () => {
  const capture = (env: Record<string, string>) => {
    const lines: Record<string, unknown>[] = [];
    const logger = rootLogger(loadConfig(env), {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    return { logger, lines };
  };

  it('logs at the configured level', () => {
    const { logger, lines } = capture({ LOG_LEVEL: 'warn' });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });

  it('redacts credentials wherever a request or response is logged with its headers', () => {
    const { logger, lines } = capture({});
    logger.child({ req: { id: 'r', method: 'GET', url: '/', headers: {} } }).info('bound');
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret', cookie: 'secret' } },
        res: { headers: { 'set-cookie': 'secret' } },
      },
      'raw',
    );
    expect(JSON.stringify(lines[1])).not.toMatch(/secret/);
    expect(lines[0].req).toEqual({ id: 'r', method: 'GET', url: '/' });
  });
});

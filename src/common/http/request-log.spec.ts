import Fastify from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { requestLogOptions } from './logger-options';
import { registerRequestLog } from './request-log';

describe('registerRequestLog', () => {
  const lines: Record<string, unknown>[] = [];
  const app = Fastify({ genReqId: () => 'req-1' });

  beforeAll(async () => {
    const root = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    registerRequestLog(app, root, requestLogOptions);
    app.get('/api/v1/servers', () => {
      // What the app logs while serving a request (Nest's Logger ends in PinoLogger).
      new PinoLogger({}).info('while serving');
      return { items: [] };
    });
    app.get('/api/v1/health', () => ({ status: 'ok' }));
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(() => (lines.length = 0));

  it('logs an answer as its request id, method, URL and status, and no header', async () => {
    const res = await app.inject({
      url: '/api/v1/servers?limit=1',
      headers: { authorization: 'Bearer secret-key', cookie: 'session=secret-cookie' },
    });
    expect(res.statusCode).toBe(200);
    const done = lines.find((line) => line.msg === 'request completed');
    expect(done).toMatchObject({
      req: { id: 'req-1', method: 'GET', url: '/api/v1/servers?limit=1' },
      res: { statusCode: 200 },
    });
    expect(Object.keys(done!.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it('binds the request to what the app logs while serving it', async () => {
    await app.inject({ url: '/api/v1/servers' });
    expect(lines.find((line) => line.msg === 'while serving')).toMatchObject({
      req: { id: 'req-1', url: '/api/v1/servers' },
    });
  });

  it('leaves the health probes out', async () => {
    await app.inject({ url: '/api/v1/health' });
    expect(lines).toEqual([]);
  });
});

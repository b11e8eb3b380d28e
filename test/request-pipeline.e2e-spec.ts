import { ApplicationConfig } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Api } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/** What every REST request goes through (ADR 0021): only what it needs. */
describe('the request pipeline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has no global interceptor: no request goes through the RxJS interceptor chain', () => {
    const config = t.app.get(ApplicationConfig);
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalRequestInterceptors()).toEqual([]);
  });

  it('has the guards of its own only: authentication and the rate limit', () => {
    const guards = t.app
      .get(ApplicationConfig)
      .getGlobalGuards()
      .map((guard) => guard.constructor.name);
    expect(guards.sort()).toEqual(['AuthGuard', 'RateLimitGuard']);
  });

  it('has no Nest middleware: no request goes through middie and its router', () => {
    // Nest always installs @fastify/middie, which skips its work while no middleware is
    // registered; the request log runs from a Fastify hook instead (request-log.ts).
    const fastify = t.app.getHttpAdapter().getInstance() as unknown as Record<symbol, unknown>;
    const flag = Object.getOwnPropertySymbols(fastify).find(
      (symbol) => symbol.description === 'fastify-middie-has-middlewares',
    );
    expect(flag).toBeDefined();
    expect(fastify[flag!]).toBeFalsy();
  });

  it('still runs units of work in transactions (the CLS transactional plugin is there)', async () => {
    expect(t.app.get(TransactionHost, { strict: false })).toBeInstanceOf(TransactionHost);
    const api = new Api(t);
    const server = await api.createServer({ name: 'piped' });
    await api.action(server.id, 'stop').expect(202);
  });
});

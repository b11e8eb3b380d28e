import type { Logger } from 'nestjs-pino';
import { AppLogger } from './app-logger';

/** Records what reaches the pino logger, by level. */
function recorder() {
  const lines: [string, unknown, unknown[]][] = [];
  const record =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      lines.push([level, message, rest]);
  const inner = {
    log: record('info'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
    fatal: record('fatal'),
  } as unknown as Logger;
  return { lines, logger: new AppLogger(inner) };
}

describe('AppLogger', () => {
  it("moves Nest's boot lines to debug and keeps everything else at its level", () => {
    const { lines, logger } = recorder();
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/api/v1/servers, GET} route', 'RouterExplorer');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('Listening on http://localhost:3000', 'Bootstrap');
    logger.warn('careful', 'ServerReconciler');
    logger.error('listen EADDRINUSE', 'NestApplication');
    logger.error('Unhandled error', 'Errors');
    expect(lines.map(([level, message]) => [level, message])).toEqual([
      ['debug', 'AppModule dependencies initialized'],
      ['debug', 'Mapped {/api/v1/servers, GET} route'],
      ['debug', 'Nest application successfully started'],
      ['info', 'Listening on http://localhost:3000'],
      ['warn', 'careful'],
      ['debug', 'listen EADDRINUSE'],
      ['error', 'Unhandled error'],
    ]);
  });
});

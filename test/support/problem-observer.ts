import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { declaredCodes } from '../../src/common/http/swagger';

/** A problem+json answer of a documented route: which operation, and what it said. */
interface Answered {
  method: string;
  path: string;
  status: number;
  code: string;
}

/**
 * Watches every problem+json answer an e2e app gives on a route of its OpenAPI document
 * and, when the app closes, fails the suite if one carried a status and code that the
 * operation does not declare. Each e2e suite (in every mode: simulator, real client,
 * PostgreSQL) thereby checks the document's per-operation codes against what it met;
 * `test/openapi-problems.e2e-spec.ts` checks the other way, provoking each declared one.
 */
export class ProblemObserver {
  private readonly answered = new Map<string, Answered>();

  constructor(private readonly app: NestFastifyApplication) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', (request, reply, payload, done) => {
        const route = request.routeOptions.url;
        const type = String(reply.getHeader('content-type') ?? '');
        if (route && type.startsWith('application/problem+json') && typeof payload === 'string') {
          const { code } = JSON.parse(payload) as { code: string };
          const answer = {
            method: request.method.toLowerCase(),
            path: route.replace(/:(\w+)/g, '{$1}'),
            status: reply.statusCode,
            code,
          };
          this.answered.set(JSON.stringify(answer), answer);
        }
        done(null, payload);
      });
  }

  /** The answers their operation does not declare, as "METHOD path: status CODE". */
  async undeclared(): Promise<string[]> {
    if (this.answered.size === 0) return [];
    const res = await this.app.getHttpAdapter().getInstance().inject('/docs-json');
    const doc = res.json<{ paths: Record<string, Record<string, { responses: object }>> }>();
    const out: string[] = [];
    for (const { method, path, status, code } of this.answered.values()) {
      const operation = doc.paths[path]?.[method];
      if (!operation) continue; // not a documented route (the OpenStack-compatible API's)
      const response = (operation.responses as Record<string, unknown>)[String(status)];
      if (!declaredCodes(response).includes(code as never)) {
        out.push(`${method.toUpperCase()} ${path}: ${status} ${code}`);
      }
    }
    return out;
  }
}

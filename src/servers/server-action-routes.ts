import { applyDecorators, Body, HttpCode, Param, Post, Res, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, PROBLEMS, type Problem } from '../common/http/api-problems.decorator';
import { NoBody } from '../common/http/no-body.decorator';
import { ParseIdPipe } from '../common/http/parse-id.pipe';
import { ServerDto } from './dto/server.dto';
import type { AnyServerAction, ServerActionKey } from './lifecycle/server-actions';
import type { ActionResult, RequestContext } from './request-context';
import { Ctx } from './request-context.decorator';
import type { ServerActionsService } from './server-actions.service';

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 255 characters. A retry with the same key and body returns the original response; ' +
    'the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
};

export const SERVER_ID_PARAM = {
  name: 'id',
  description: 'The server id (from POST /servers or GET /servers)',
  schema: { type: 'string', format: 'uuid' },
} as const;

/**
 * What an action of the lifecycle table may answer: what every action may (a body, an
 * Idempotency-Key, a server to find, a state rule, a cloud call), its lock rule's 409, and
 * the entry's own `problems` (what its `check` raises).
 */
export function actionProblems(spec: AnyServerAction): Problem[] {
  return [
    ...PROBLEMS.key,
    ...PROBLEMS.body,
    ...PROBLEMS.idempotent,
    ...PROBLEMS.serverChange.filter((code) => !(spec.goneIsDone && code === 'UPSTREAM_REJECTED')),
    ...((spec.lockRule ?? 'refused') === 'ignored' ? [] : ['SERVER_LOCKED' as const]),
    ...(spec.problems ?? []),
  ];
}

/** A controller that serves lifecycle actions through the servers service. */
export interface ServerActionHost {
  readonly lifecycle: ServerActionsService;
}

/** Sends an action's result with its own status (and `Location`, if any). */
export function sendResult<T>(reply: FastifyReply, result: ActionResult<T>): T {
  void reply.status(result.status);
  if (result.location) void reply.header('location', result.location);
  return result.body;
}

/**
 * Adds `POST /servers/{id}/<path>` to the controller for one entry of the lifecycle
 * table: the handler, its parameters (id, validated body or none, request context,
 * reply), and its OpenAPI operation, all from the entry. This is what makes an action
 * one entry: nothing is written per action here or in the controller.
 */
export function addServerActionRoute(
  controller: Type<ServerActionHost>,
  name: ServerActionKey,
  spec: AnyServerAction,
): void {
  if (!spec.path) return;
  const method = `action_${name}`;
  const prototype = controller.prototype as object;
  async function handler(
    this: ServerActionHost,
    id: string,
    body: unknown,
    ctx: RequestContext,
    reply: FastifyReply,
  ): Promise<unknown> {
    return sendResult(reply, await this.lifecycle.act(ctx, id, name, body));
  }
  Object.defineProperty(prototype, method, { value: handler, writable: true, configurable: true });

  // Parameter decorators, in order, and the parameter types the ValidationPipe reads.
  Param('id', ParseIdPipe)(prototype, method, 0);
  (spec.body ? Body() : NoBody())(prototype, method, 1);
  Ctx()(prototype, method, 2);
  Res({ passthrough: true })(prototype, method, 3);
  const bodyType: unknown = spec.body ?? Object;
  Reflect.defineMetadata(
    'design:paramtypes',
    [String, bodyType, Object, Object],
    prototype,
    method,
  );

  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
  applyDecorators(
    Post(`:id/${spec.path}`),
    HttpCode(202),
    ApiOperation({
      operationId: `ServersController_${name}`,
      summary: spec.summary,
      description: spec.description,
    }),
    ApiParam(SERVER_ID_PARAM),
    ApiHeader(IDEMPOTENCY_HEADER),
    ...(spec.body ? [ApiBody({ type: spec.body, required: !spec.bodyOptional })] : []),
    ApiAcceptedResponse({ type: spec.response?.type ?? ServerDto }),
    ApiProblems(actionProblems(spec)),
  )(prototype, method, descriptor);
  Object.defineProperty(prototype, method, descriptor);
}

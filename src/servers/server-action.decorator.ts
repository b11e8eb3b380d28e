import { applyDecorators, HttpCode, Post, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from '../common/http/api-problems.decorator';

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 255 characters. A retry with the same key and body returns the original response; ' +
    'the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
};

/** A lifecycle action endpoint: `POST /servers/{id}/<path>`, 202, idempotent with a key. */
export function ServerAction(path: string, response: Type<unknown>) {
  return applyDecorators(
    Post(`:id/${path}`),
    HttpCode(202),
    ApiHeader(IDEMPOTENCY_HEADER),
    ApiAcceptedResponse({ type: response }),
    ApiProblems(400, 401, 404, 409, 413, 415, 422, 503),
  );
}

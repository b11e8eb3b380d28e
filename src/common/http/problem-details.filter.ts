import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../errors/domain-error';
import { Errors } from '../errors/errors';
import { loggableError } from '../errors/loggable-error';
import { PROBLEM_JSON, PROBLEM_TYPE_BASE, type ProblemDetails } from './problem-details';

/** The one place an error kind becomes an HTTP status. Exhaustive by type. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  validation: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  precondition_failed: HttpStatus.PRECONDITION_FAILED,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.SERVICE_UNAVAILABLE,
  upstream_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  upstream_failed: HttpStatus.BAD_GATEWAY,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Renders every error as problem+json. Domain errors keep their code; framework
 * errors (body parser, unknown route) get one; anything else is logged and
 * answered as a bare 500 that reveals nothing of the cause.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = this.toDomainError(exception, request);
    const status = error ? STATUS_BY_KIND[error.kind] : HttpStatus.INTERNAL_SERVER_ERROR;
    if (!error) {
      this.logger.error(
        { err: loggableError(exception), requestId: request.id, route: request.routeOptions?.url },
        'Unhandled error',
      );
    }
    const body: ProblemDetails = {
      type: PROBLEM_TYPE_BASE + (error?.code ?? 'INTERNAL_ERROR').toLowerCase().replace(/_/g, '-'),
      title: TITLES[status] ?? 'Error',
      status,
      detail: error?.message ?? 'An unexpected error occurred. It has been logged.',
      instance: (request.url ?? '').split('?')[0],
      code: error?.code ?? 'INTERNAL_ERROR',
      ...(error?.extras.errors ? { errors: error.extras.errors } : {}),
    };
    if (error?.extras.retryAfterSeconds !== undefined) {
      void reply.header(
        'retry-after',
        String(Math.max(1, Math.ceil(error.extras.retryAfterSeconds))),
      );
    }
    if (status === 401) void reply.header('www-authenticate', 'Bearer realm="vm-lifecycle"');
    void reply.status(status).header('content-type', PROBLEM_JSON).send(JSON.stringify(body));
  }

  private toDomainError(exception: unknown, request: FastifyRequest): DomainError | null {
    if (exception instanceof DomainError) return exception;
    if (!(exception instanceof HttpException)) return null;
    const status = exception.getStatus();
    switch (status) {
      case 400:
        return /json|body/i.test(exception.message)
          ? Errors.malformedJson()
          : new DomainError('validation', 'BAD_REQUEST', 'The request could not be understood.');
      case 404:
        return Errors.routeNotFound(request.method, (request.url ?? '').split('?')[0]);
      case 413:
        return Errors.payloadTooLarge(BODY_LIMIT_BYTES);
      case 415:
        return new DomainError(
          'unsupported_media_type',
          'UNSUPPORTED_MEDIA_TYPE',
          'Send request bodies as application/json.',
        );
      default:
        return null;
    }
  }
}

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

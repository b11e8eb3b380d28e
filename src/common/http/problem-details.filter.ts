import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { Errors } from '../errors/errors';
import { loggableError } from '../errors/loggable-error';
import { writeProblem } from './problem-details';

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
    if (!error) {
      this.logger.error(
        { err: loggableError(exception), requestId: request.id, route: request.routeOptions?.url },
        'Unhandled error',
      );
    }
    writeProblem(reply, error, (request.url ?? '').split('?')[0]);
  }

  private toDomainError(exception: unknown, request: FastifyRequest): DomainError | null {
    if (exception instanceof DomainError) return exception;
    if (!(exception instanceof HttpException)) return null;
    const status = exception.getStatus();
    switch (status) {
      case 400:
        return /json|body/i.test(exception.message) ? Errors.malformedJson() : Errors.badRequest();
      case 404:
        return Errors.routeNotFound(request.method, (request.url ?? '').split('?')[0]);
      case 413:
        return Errors.payloadTooLarge(BODY_LIMIT_BYTES);
      case 415:
        return Errors.unsupportedMediaType();
      default:
        return null;
    }
  }
}

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

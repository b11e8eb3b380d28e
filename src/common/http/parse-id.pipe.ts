import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Errors } from '../errors/errors';

/** Path ids are UUIDs; anything else is a 400, never a lookup. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) {
      throw Errors.validation([{ field: 'id', message: 'id must be a UUID' }]);
    }
    return value.toLowerCase();
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { Errors } from '../common/errors/errors';

/** Nova flavor ids are not always UUIDs ("1", "m1.tiny-x"); they are short safe tokens. */
@Injectable()
export class ParseFlavorIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) {
      throw Errors.validation([
        { field: 'id', message: 'id must be a flavor id (letters, digits, ".", "_", "-")' },
      ]);
    }
    return value;
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { Errors } from '../common/errors/errors';
import { isKeypairName, keypairNameMessage } from './dto/keypair-name';

/** A key pair name in a path follows the name rule, or the request is 400. */
@Injectable()
export class ParseKeypairNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isKeypairName(value)) {
      throw Errors.validation([{ field: 'name', message: keypairNameMessage('name') }]);
    }
    return value;
  }
}

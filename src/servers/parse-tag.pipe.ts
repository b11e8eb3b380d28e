import { Injectable, type PipeTransform } from '@nestjs/common';
import { MAX_TAG_LENGTH, tagProblem } from '../compute/server-tags';
import { Errors } from '../common/errors/errors';

export const TAG_PARAM = {
  name: 'tag',
  description: `A tag: 1-${MAX_TAG_LENGTH} characters without "/" or "," (URL-encoded)`,
  schema: { type: 'string', minLength: 1, maxLength: MAX_TAG_LENGTH, pattern: '^[^,/]+$' },
} as const;

/** A tag in a path: a 400 unless it is a valid tag. */
@Injectable()
export class ParseTagPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const problem = tagProblem(value);
    if (problem) throw Errors.validation([{ field: 'tag', message: problem }]);
    return value;
  }
}

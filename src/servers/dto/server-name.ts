import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** No space at either end: Nova refuses such a name (and a rename to one). */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9._-](?:[A-Za-z0-9._ -]*[A-Za-z0-9._-])?$/;
export const SERVER_NAME_MESSAGE =
  "name must be 1-255 characters of letters, digits, '.', '_', '-' and spaces, not starting or ending with a space";

/** api.md's server name rule. */
export function IsServerName() {
  return applyDecorators(
    IsString({ message: SERVER_NAME_MESSAGE }),
    Length(1, 255, { message: SERVER_NAME_MESSAGE }),
    Matches(SERVER_NAME_PATTERN, { message: SERVER_NAME_MESSAGE }),
  );
}

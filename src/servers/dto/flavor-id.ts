import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** A flavor id: 1–64 characters of letters, digits, `.`, `_` and `-`. */
export function IsFlavorId() {
  return applyDecorators(
    IsString(),
    Length(1, 64),
    Matches(/^[A-Za-z0-9._-]+$/, {
      message: 'flavorId may contain letters, digits, ".", "_" and "-"',
    }),
  );
}

import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { isAccessIpv4, isAccessIpv6 } from '../../compute/access-ips';
import { IsOptionalField } from '../../common/http/optional-field';

/**
 * An optional access address (Nova's `accessIPv4`/`accessIPv6`): a dotted quad without
 * leading zeros, or an IPv6 address in any form (kept compressed).
 */
export function OptionalAccessIp(version: 4 | 6) {
  const valid = version === 4 ? isAccessIpv4 : isAccessIpv6;
  const example = version === 4 ? '203.0.113.10' : '2001:db8::10';
  const message = (property: string) =>
    version === 4
      ? `${property} must be an IPv4 address (a dotted quad without leading zeros)`
      : `${property} must be an IPv6 address`;
  return applyDecorators(
    ApiProperty({ required: false, type: String, example }),
    IsOptionalField(),
    (object: object, propertyName: string | symbol) =>
      registerDecorator({
        name: `isAccessIpv${version}`,
        target: object.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => typeof value === 'string' && valid(value),
          defaultMessage: () => message(String(propertyName)),
        },
      }),
  );
}

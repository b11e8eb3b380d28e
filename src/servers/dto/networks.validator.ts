import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { IsOptionalField } from '../../common/http/optional-field';
import { parseIp } from '../../common/net/ip-address';
import { NetworkAttachmentDto } from './network-attachment.dto';

export { NetworkAttachmentDto };

/** At most this many ports per server through this API. */
export const MAX_NETWORK_ATTACHMENTS = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Describes why a value is not a valid `networks`, or returns null when it is. */
export function networksProblem(value: unknown): string | null {
  if (value === 'auto' || value === 'none') return null;
  if (!Array.isArray(value)) {
    return 'networks must be "auto", "none" or a list of { networkId, fixedIp? }';
  }
  if (value.length === 0) return 'networks must not be an empty list (use "none" for no network)';
  if (value.length > MAX_NETWORK_ATTACHMENTS) {
    return `networks may list at most ${MAX_NETWORK_ATTACHMENTS} networks`;
  }
  const seen = new Set<string>();
  for (const [i, item] of (value as unknown[]).entries()) {
    const at = `networks[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return `${at} must be an object { networkId, fixedIp? }`;
    }
    const { networkId, fixedIp, ...rest } = item as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) return `${at}.${unknown.slice(0, 64)} is not a known field`;
    if (typeof networkId !== 'string' || !UUID.test(networkId)) {
      return `${at}.networkId must be a UUID`;
    }
    if (fixedIp === undefined) continue;
    const ip = typeof fixedIp === 'string' ? parseIp(fixedIp) : null;
    if (!ip) return `${at}.fixedIp must be an IPv4 or IPv6 address`;
    const key = `${networkId.toLowerCase()} ${ip.value}`;
    if (seen.has(key)) return `${at}.fixedIp asks for an address already asked for`;
    seen.add(key);
  }
  return null;
}

/**
 * `networks` of a create: `"auto"`, `"none"`, or up to 16 `{ networkId, fixedIp? }` (no
 * other fields, no address asked for twice).
 */
export function OptionalNetworks() {
  return applyDecorators(
    ApiExtraModels(NetworkAttachmentDto),
    ApiPropertyOptional({
      description:
        'Where to plug the server in: `"auto"` (the one network your project may use), ' +
        '`"none"`, or a port on each listed network (with `fixedIp`, that address). ' +
        'Left out: `"auto"` with the simulator; `OPENSTACK_NETWORKS` with a real cloud ' +
        '(`auto` unless configured).',
      oneOf: [
        { type: 'string', enum: ['auto', 'none'] },
        {
          type: 'array',
          minItems: 1,
          maxItems: MAX_NETWORK_ATTACHMENTS,
          items: { $ref: getSchemaPath(NetworkAttachmentDto) },
        },
      ],
      example: [{ networkId: '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01', fixedIp: '10.0.0.50' }],
    }),
    IsOptionalField(),
    // Keep the value exactly as parsed (class-transformer would rebuild the objects).
    Transform(({ key, obj }: { key: string; obj: Record<string, unknown> }) => obj[key], {
      toClassOnly: true,
    }),
    (object: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isNetworks',
        target: object.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => networksProblem(value) === null,
          defaultMessage: (args) => networksProblem(args?.value) ?? 'networks is invalid',
        },
      }),
  );
}

import type { RebootType } from '../../compute/cloud-records';
import { NovaError } from './nova-errors';

/** The server actions the simulator carries out. */
export type ServerAction =
  | { kind: 'start' }
  | { kind: 'stop' }
  | { kind: 'reboot'; type: RebootType }
  | { kind: 'createImage'; name: string; metadata: Record<string, string> };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads `POST /servers/{id}/action`: `{"<action>": <arguments>}`; Nova's 400s otherwise. */
export function parseServerAction(body: unknown): ServerAction {
  if (!isObject(body) || Object.keys(body).length === 0) {
    throw new NovaError(400, 'Malformed request body');
  }
  const [name, args] = Object.entries(body)[0];
  switch (name) {
    case 'os-start':
      return { kind: 'start' };
    case 'os-stop':
      return { kind: 'stop' };
    case 'reboot': {
      const type = isObject(args) && typeof args.type === 'string' ? args.type.toUpperCase() : '';
      if (type !== 'SOFT' && type !== 'HARD') {
        throw new NovaError(
          400,
          "Invalid input for field/attribute type. Value must be one of 'SOFT', 'HARD'.",
        );
      }
      return { kind: 'reboot', type };
    }
    case 'createImage': {
      const imageName = isObject(args) ? args.name : undefined;
      if (typeof imageName !== 'string' || imageName.length < 1 || imageName.length > 255) {
        throw new NovaError(
          400,
          "Invalid input for field/attribute createImage. 'name' is a required property (1-255 characters).",
        );
      }
      const metadata = isObject(args) && isObject(args.metadata) ? args.metadata : {};
      if (Object.values(metadata).some((v) => typeof v !== 'string')) {
        throw new NovaError(400, 'Invalid input for field/attribute metadata. Values are strings.');
      }
      return { kind: 'createImage', name: imageName, metadata: metadata as Record<string, string> };
    }
    default:
      throw new NovaError(400, `There is no such action: ${name}`);
  }
}

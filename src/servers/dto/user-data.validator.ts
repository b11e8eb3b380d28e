import { registerDecorator } from 'class-validator';

export const USER_DATA_MAX_BYTES = 64 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function userDataProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'userData must be a base64 string';
  if (!BASE64.test(value)) return 'userData must be valid base64';
  if (Buffer.from(value, 'base64').length > USER_DATA_MAX_BYTES) {
    return `userData must decode to at most ${USER_DATA_MAX_BYTES} bytes`;
  }
  return null;
}

/** Base64 that decodes to at most 64 KiB. */
export function IsUserData() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isUserData',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => userDataProblem(value) === null,
        defaultMessage: (args) => userDataProblem(args?.value) ?? 'userData is invalid',
      },
    });
}

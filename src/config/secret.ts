import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential that must never reach a log line, an error message or a JSON dump:
 * `String()`, `JSON.stringify()` and `util.inspect()` all print `[redacted]`. Only
 * `reveal()` gives the value, at the one place it is sent to Keystone.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

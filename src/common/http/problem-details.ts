import type { FieldError } from '../errors/domain-error';

/** RFC 9457 problem details, with this API's `code` and field `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: FieldError[];
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Where the error codes are documented (also the base of each problem `type`). */
export const PROBLEM_TYPE_BASE = 'https://vm-lifecycle.dev/problems/';

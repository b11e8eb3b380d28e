import type { Principal } from '../auth/principal';

/** What the service needs to know about the HTTP request behind a call. */
export interface RequestContext {
  principal: Principal;
  requestId: string;
  idempotencyKey?: string;
}

/** A response the controller sends as-is (also what an Idempotency-Key replays). */
export interface ActionResult<T> {
  status: number;
  body: T;
  location?: string;
}

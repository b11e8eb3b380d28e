/**
 * The source of "now" for everything time-dependent (timestamps, simulated
 * transitions, reconciler backoff). Injected so tests can move time explicitly
 * instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;
}

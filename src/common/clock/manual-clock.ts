import { Clock } from './clock';

/**
 * A clock that only moves when told to. Used by tests (and by anyone embedding the
 * simulator in their own suites) to step through simulated transitions.
 */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2030-01-01T00:00:00.000Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  /** Moves forward by one millisecond per call, so consecutive writes get distinct times. */
  tick(): Date {
    this.current += 1;
    return this.now();
  }
}

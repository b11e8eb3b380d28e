/** Runs one short unit of work: its own transaction, serialised with the others on SQLite. */
export type UnitRunner = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Settings of the simulator, provided by `SimulatorModule` from the validated config.
 * A class so it can be the DI token itself.
 */
export class SimulatorOptions {
  constructor(
    /** How long each simulated transition takes; 0 completes it within the call. */
    readonly latencyMs: number,
    /**
     * How work that spans many transactions (an image upload, chunk by chunk) runs each
     * of them: the app's unit of work; by default, as it comes (specs on one connection).
     */
    readonly runUnit: UnitRunner = (fn) => fn(),
  ) {}
}

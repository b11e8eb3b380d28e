/**
 * Settings of the simulator, provided by `SimulatorModule` from the validated config.
 * A class so it can be the DI token itself.
 */
export class SimulatorOptions {
  constructor(
    /** How long each simulated transition takes; 0 completes it within the call. */
    readonly latencyMs: number,
  ) {}
}

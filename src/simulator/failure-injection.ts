/** Operations whose simulated outcome can be forced to fail. */
export type InjectedFailure = 'build' | 'delete' | 'snapshot';

const FAIL_KEY = 'mock:fail';
const BUILD_MS_KEY = 'mock:build-ms';
const FAILURES: readonly InjectedFailure[] = ['build', 'delete', 'snapshot'];

/**
 * Deterministic failure injection, read from a simulated server's metadata:
 * - `mock:fail` — comma-separated operations that fail: `build`, `delete`, `snapshot`
 *   (e.g. `mock:fail=build,delete`). Unknown words are ignored.
 * - `mock:build-ms` — this server's build takes that many ms instead of the configured
 *   latency. A value that is not a non-negative integer is ignored.
 */
export class FailureInjection {
  private constructor(
    private readonly failures: ReadonlySet<InjectedFailure>,
    /** The build duration override, or null to use the configured latency. */
    readonly buildMs: number | null,
  ) {}

  static fromMetadata(metadata: Readonly<Record<string, string>>): FailureInjection {
    const words = (metadata[FAIL_KEY] ?? '').split(',').map((word) => word.trim());
    const failures = new Set(FAILURES.filter((failure) => words.includes(failure)));
    const rawBuildMs = metadata[BUILD_MS_KEY]?.trim() ?? '';
    const buildMs = /^\d+$/.test(rawBuildMs) ? Number(rawBuildMs) : null;
    return new FailureInjection(failures, buildMs);
  }

  /** Whether the simulated `operation` ends in failure. */
  fails(operation: InjectedFailure): boolean {
    return this.failures.has(operation);
  }
}

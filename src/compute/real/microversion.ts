/**
 * A compute API microversion `major.minor` (2.1 … 2.93 …), compared numerically
 * (2.10 > 2.9), as Nova and the `OpenStack-API-Version` header write it.
 */
export class Microversion {
  private constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static of(major: number, minor: number): Microversion {
    return new Microversion(major, minor);
  }

  /** Parses `2.93` (also `v2.93`); null for anything else, including the empty string. */
  static parse(value: unknown): Microversion | null {
    if (typeof value !== 'string') return null;
    const match = /^v?(\d+)\.(\d+)$/.exec(value.trim());
    return match ? new Microversion(Number(match[1]), Number(match[2])) : null;
  }

  compare(other: Microversion): number {
    return this.major - other.major || this.minor - other.minor;
  }

  atLeast(other: Microversion): boolean {
    return this.compare(other) >= 0;
  }

  static min(a: Microversion, b: Microversion): Microversion {
    return a.compare(b) <= 0 ? a : b;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** The microversion range a compute endpoint advertises in its version document. */
export interface MicroversionRange {
  min: Microversion;
  max: Microversion;
}

/**
 * The version to speak: the highest both sides support, i.e. min(ours, server's max),
 * provided it is not below the server's minimum. A server that advertises no range
 * (legacy v2.0, or microversions off) is spoken to at the base 2.1 with no header.
 * Returns null when there is no common version.
 */
export function negotiateMicroversion(
  ours: MicroversionRange,
  server: MicroversionRange | null,
): Microversion | null {
  if (!server) return ours.min;
  const chosen = Microversion.min(ours.max, server.max);
  return chosen.atLeast(server.min) && chosen.atLeast(ours.min) ? chosen : null;
}

/** Reads `{"version": {...}}` (a versioned endpoint) or `{"versions": [...]}` (the root). */
export function parseVersionDocument(body: unknown): MicroversionRange | null {
  const doc = body as {
    version?: { id?: string; version?: string; min_version?: string };
    versions?: { id?: string; version?: string; min_version?: string }[];
  } | null;
  const entry = doc?.version ?? doc?.versions?.find((v) => v.id === 'v2.1') ?? null;
  const max = Microversion.parse(entry?.version);
  const min = Microversion.parse(entry?.min_version);
  return max && min ? { min, max } : null;
}

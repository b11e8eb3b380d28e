import type { CloudEntry } from './clouds-yaml';

/** One setting and its names in each source, most specific first. */
export interface SettingSpec {
  /** The `OPENSTACK_*` variable; also the name problems are reported under. */
  readonly name: string;
  /** Standard openrc names, in order. */
  readonly os: readonly string[];
  /** Paths inside the clouds.yaml entry, in order. */
  readonly cloud: readonly (readonly string[])[];
}

type Env = Record<string, string | undefined>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * The three configuration sources of the real client, layered per setting:
 * `OPENSTACK_*` (this service's names) over `OS_*` (an openrc file) over the
 * clouds.yaml entry named by `OS_CLOUD`. Records which layers were used.
 */
export class OpenStackSettingLayers {
  private readonly used = new Set<string>();

  constructor(
    private readonly env: Env,
    private readonly cloud: CloudEntry | null,
  ) {}

  /** The value of a setting from the first layer that has it. */
  get(spec: SettingSpec): string | undefined {
    const own = nonEmpty(this.env[spec.name]);
    if (own !== undefined) return this.mark('OPENSTACK_*', own);
    for (const name of spec.os) {
      const value = nonEmpty(this.env[name]);
      if (value !== undefined) return this.mark('OS_*', value);
    }
    for (const path of spec.cloud) {
      const value = nonEmpty(this.cloud?.get(...path));
      if (value !== undefined) return this.mark(`clouds.yaml (${this.cloud!.file})`, value);
    }
    return undefined;
  }

  /** Every name a setting may be given under, for "is required" messages. */
  describe(spec: SettingSpec): string {
    const alternatives = [
      ...spec.os,
      ...spec.cloud.slice(0, 1).map((path) => `${path.join('.')} in clouds.yaml`),
    ];
    return alternatives.length > 0 ? `${spec.name} (or ${alternatives.join(', ')})` : spec.name;
  }

  /** The sources that provided at least one setting. */
  sources(): string[] {
    return [...this.used];
  }

  private mark(source: string, value: string): string {
    this.used.add(source);
    return value;
  }
}

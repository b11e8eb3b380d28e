/**
 * The flavors, images and networks every simulator database starts with (the seed
 * migrations write exactly these rows). Their ids are fixed, so docs, DTO examples, tests and the
 * bench can name them: import them from here, never copy them.
 *
 * The seed migration already ran on existing databases: a change here reaches only new
 * ones, so pair it with a migration of its own.
 */

/** A seeded Nova flavor (public). */
export interface SeedFlavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ramMb: number;
  readonly diskGb: number;
}

/** A seeded Glance image (public, qcow2/bare, owned by the cloud operator). */
export interface SeedImage {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'queued';
  readonly minDiskGb: number;
  readonly minRamMb: number;
  /** Null while the image has no data (never finished uploading). */
  readonly sizeBytes: number | null;
}

/** Flavors the simulator offers, shaped like a small public cloud's. */
export const SEED_FLAVORS = {
  tiny: { id: '1', name: 'm1.tiny', vcpus: 1, ramMb: 512, diskGb: 1 },
  small: { id: '2', name: 'm1.small', vcpus: 1, ramMb: 2048, diskGb: 20 },
  medium: { id: '3', name: 'm1.medium', vcpus: 2, ramMb: 4096, diskGb: 40 },
  large: { id: '4', name: 'm1.large', vcpus: 4, ramMb: 8192, diskGb: 80 },
} as const satisfies Record<string, SeedFlavor>;

/**
 * Images. `windows` needs more disk and memory than `m1.tiny` and `m1.small` have
 * (FLAVOR_TOO_SMALL); `fedoraQueued` never finished uploading (IMAGE_NOT_ACTIVE).
 */
export const SEED_IMAGES = {
  cirros: {
    id: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01',
    name: 'cirros-0.6.2',
    status: 'active',
    minDiskGb: 1,
    minRamMb: 64,
    sizeBytes: 21_430_272,
  },
  ubuntu: {
    id: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a02',
    name: 'ubuntu-24.04',
    status: 'active',
    minDiskGb: 10,
    minRamMb: 1024,
    sizeBytes: 600_834_048,
  },
  windows: {
    id: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a03',
    name: 'windows-server-2022',
    status: 'active',
    minDiskGb: 40,
    minRamMb: 4096,
    sizeBytes: 9_876_543_210,
  },
  fedoraQueued: {
    id: '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a04',
    name: 'fedora-41-queued',
    status: 'queued',
    minDiskGb: 5,
    minRamMb: 1024,
    sizeBytes: null,
  },
} as const satisfies Record<string, SeedImage>;

/** When the seeded images were created (their `created_at` and `updated_at`). */
export const SEED_CREATED_AT = '2026-01-01T00:00:00.000Z';

/** A seeded Neutron subnet of a seeded network (DHCP on, one allocation pool). */
export interface SeedSubnet {
  readonly id: string;
  readonly name: string;
  readonly ipVersion: 4 | 6;
  readonly cidr: string;
  readonly gatewayIp: string;
  readonly poolStart: string;
  readonly poolEnd: string;
  readonly ipv6AddressMode: 'slaac' | null;
}

/** A seeded Neutron network: shared, owned by the operator's project `admin`. */
export interface SeedNetwork {
  readonly id: string;
  readonly name: string;
  readonly subnets: readonly SeedSubnet[];
}

/**
 * Networks, laid out as DevStack's `private`: shared here, so every project boots onto it
 * (`auto`, or by id). Dual stack: each port gets the next free IPv4 address and its IPv6
 * SLAAC address (derived from the port's MAC).
 */
export const SEED_NETWORKS = {
  private: {
    id: '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01',
    name: 'private',
    subnets: [
      {
        id: '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e11',
        name: 'private-subnet',
        ipVersion: 4,
        cidr: '10.0.0.0/24',
        gatewayIp: '10.0.0.1',
        poolStart: '10.0.0.2',
        poolEnd: '10.0.0.254',
        ipv6AddressMode: null,
      },
      {
        id: '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e12',
        name: 'ipv6-private-subnet',
        ipVersion: 6,
        cidr: 'fd4e:5a1c:77b0::/64',
        gatewayIp: 'fd4e:5a1c:77b0::1',
        poolStart: 'fd4e:5a1c:77b0::2',
        poolEnd: 'fd4e:5a1c:77b0:0:ffff:ffff:ffff:ffff',
        ipv6AddressMode: 'slaac',
      },
    ],
  },
} as const satisfies Record<string, SeedNetwork>;

/** The project that owns the seeded networks (the cloud operator's). */
export const SEED_NETWORK_PROJECT = 'admin';

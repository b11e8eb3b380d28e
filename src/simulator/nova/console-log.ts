import type { MockServerEntity } from '../entities/mock-server.entity';

/**
 * A simulated serial console log: the lines a small cloud image prints while it boots,
 * fixed for a given server so tests can rely on them.
 */
export function consoleLog(server: MockServerEntity): string[] {
  const booted = server.launchedAt?.toISOString() ?? server.createdAt.toISOString();
  return [
    `[    0.000000] Linux version 6.1.0 (simulated) booting instance ${server.id}`,
    '[    0.412000] Run /sbin/init as init process',
    `[    1.031000] cloud-init: hostname ${server.name}`,
    `[    1.207000] cloud-init: key pair ${server.keyName ?? '(none)'}`,
    `[    1.530000] cloud-init: boot finished at ${booted}`,
    `${server.name} login: `,
  ];
}

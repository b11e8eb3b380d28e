/** One network to plug a new server into. */
export class NetworkAttachmentDto {
  /**
   * A network your project may use (`GET /api/v1/networks`).
   * @example "8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01"
   */
  networkId!: string;
  /**
   * An address of one of the network's subnets (not its network, broadcast or gateway
   * address); left out, the cloud gives the next free one.
   * @example "10.0.0.50"
   */
  fixedIp?: string;
}

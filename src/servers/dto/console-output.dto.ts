export class ConsoleOutputDto {
  /**
   * The server's console log (its serial console, as the cloud keeps it), lines separated by `\n`.
   * @example "[    0.000000] Linux version 6.1.0\nweb-1 login: "
   */
  output!: string;
}

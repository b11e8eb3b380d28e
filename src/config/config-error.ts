/** Thrown at boot when the environment is invalid. Names variables, never values. */
export class ConfigError extends Error {
  constructor(readonly variables: Record<string, string[]>) {
    const lines = Object.entries(variables).map(
      ([name, problems]) => `  ${name}: ${problems.join('; ')}`,
    );
    super(`Invalid configuration (${lines.length} variable(s)):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
  }
}

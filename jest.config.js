// Two projects: unit specs next to the code, and e2e specs that boot the whole app.
// The Swagger plugin runs as a ts-jest AST transformer so tests see the same OpenAPI
// document that `nest build` produces.
const swaggerPlugin = { path: '<rootDir>/test/support/swagger-transformer.js' };
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    { astTransformers: { before: [swaggerPlugin] }, diagnostics: false },
  ],
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/migrations/**/*.spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
  ],
};

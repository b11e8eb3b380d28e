// Two projects: unit specs next to the code, and e2e specs that boot the whole app.
// The Swagger plugin runs as a ts-jest AST transformer so tests see the same OpenAPI
// document that `nest build` produces.
const swaggerPlugin = { path: '<rootDir>/test/support/swagger-transformer.js' };

// ESM-only dependencies (Node requires them natively; Jest's CommonJS runtime cannot).
const esmOnly = ['content-disposition'];

const transform = {
  '^.+\\.ts$': ['ts-jest', { astTransformers: { before: [swaggerPlugin] }, diagnostics: false }],
  [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs' }, diagnostics: false },
  ],
};
const common = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};
module.exports = {
  // A guard against hangs, not a speed goal (those live in `npm run bench`): whole-app
  // suites share two cores with each other in CI.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/migrations/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    {
      // The REST suites again, with USE_MOCK_OPENSTACK=false: the real client talks HTTP to
      // a second app serving the OpenStack-compatible API over the simulator.
      ...common,
      displayName: 'e2e-real',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/openstack-api-', '/test/real-client'],
      setupFiles: ['<rootDir>/test/support/real-client-mode.ts'],
    },
  ],
};

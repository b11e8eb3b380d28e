// Two projects: unit specs next to the code, and e2e specs that boot the whole app.
//
// SWC transpiles TypeScript (types are checked by `npm run check`, not here), with legacy
// decorators and their design-type metadata, which Nest's dependency injection reads. The
// @nestjs/swagger compiler plugin needs the type checker and rewrites only DTO and controller
// files, so those files alone go through ts-jest with the plugin: tests see the OpenAPI
// document that the plugin gives (test/build.e2e-spec.ts checks that the SWC build, which
// loads src/metadata.ts instead, serves the same one).
const { compilerOptions } = require('./nest-cli.json');

const swaggerOptions = compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;
// The plugin rewrites a file whose path contains one of these suffixes (its defaults where
// nest-cli.json sets none).
const swaggerFiles = [
  ...(swaggerOptions.dtoFileNameSuffix ?? ['.dto.ts', '.entity.ts']),
  ...(swaggerOptions.controllerFileNameSuffix ?? ['.controller.ts']),
];
const swaggerPlugin = { path: '<rootDir>/test/support/swagger-transformer.js' };

// ESM-only dependencies (Node requires them natively; Jest's CommonJS runtime cannot).
const esmOnly = ['content-disposition'];

// What tsc emits with tsconfig.json: ES2022, class fields with define semantics.
const swc = (parser) => [
  '@swc/jest',
  {
    jsc: {
      parser,
      target: 'es2022',
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The first pattern that matches a file's path picks its transformer.
const transform = {
  [`(${swaggerFiles.map(escape).join('|')})`]: [
    'ts-jest',
    { astTransformers: { before: [swaggerPlugin] }, diagnostics: false },
  ],
  '^.+\\.ts$': swc({ syntax: 'typescript', decorators: true }),
  [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: swc({ syntax: 'ecmascript' }),
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
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/migrations/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};

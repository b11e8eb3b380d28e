// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ADAPTERS = {
  group: ['**/compute/mock/**', '**/compute/real/**'],
  message:
    'Depend on the OpenStackClient port; only the factory in ComputeModule picks an adapter.',
};
const SIMULATOR_INTERNALS = {
  // Anything under src/simulator but its index (and its testing helpers).
  regex: '(^|/)simulator/(?!testing/)',
  message: "Use the simulator's public surface: import from 'src/simulator' (its index).",
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'data/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
    },
  },
  // Module boundaries. A rule per area, since each `no-restricted-imports` replaces the last.
  {
    // Features and platform code: the compute port, never an adapter; the simulator's
    // public surface (`src/simulator/index.ts`), never its internals.
    files: ['src/**/*.ts', 'migrations/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/compute/mock/**', 'src/compute/real/**', 'src/simulator/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ADAPTERS, SIMULATOR_INTERNALS] }],
    },
  },
  {
    // The factory is the one place that picks an adapter.
    files: ['src/compute/openstack-client.factory.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIMULATOR_INTERNALS] }] },
  },
  {
    // Adapters and tests (contract suites build adapters directly) still see only the
    // simulator's public surface.
    files: ['src/compute/mock/**/*.ts', 'src/compute/real/**/*.ts', '**/*.spec.ts', 'test/**/*.ts'],
    ignores: ['src/simulator/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SIMULATOR_INTERNALS] }] },
  },
  {
    // The simulator is a cloud: it knows the port's records and errors, nothing of the
    // features, the adapters or the OpenStack API built on it.
    files: ['src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/servers/**',
                '**/images/**',
                '**/flavors/**',
                '**/keypairs/**',
                '**/networks/**',
                '**/openstack-api/**',
                '**/compute/mock/**',
                '**/compute/real/**',
                '**/compute/*.module',
                '**/compute/*.factory',
              ],
              message: 'The simulator depends on nothing built on top of it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/*.contract.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

/**
 * One Jest configuration for every kind of test (unit, integration, e2e); see README "Tests".
 * Jest runs in CommonJS mode: TypeScript goes through @swc/jest, ESM-only packages through
 * tools/jest/esm-to-cjs.transformer.cjs (docs/architecture.md, "Tests").
 */
const swcTs = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

export default {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.{spec,e2e-spec,int-spec}.ts'],
  transform: {
    '^.+\\.ts$': swcTs,
    '^.+\\.m?js$': '<rootDir>/tools/jest/esm-to-cjs.transformer.cjs',
  },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@ficus/common$': '<rootDir>/libs/common/src/index.ts',
    '^@ficus/common/(.*)$': '<rootDir>/libs/common/src/$1',
    '^@ficus/contracts/([^/]+)$': '<rootDir>/apps/$1/src/contract/index.ts',
    '^@ficus/resilience$': '<rootDir>/libs/resilience/src/index.ts',
    '^@ficus/resilience/(.*)$': '<rootDir>/libs/resilience/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^(@prisma/client/runtime/.*)\\.mjs$': '$1.js',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};

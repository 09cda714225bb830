// Three tiers, each its own project: unit (pure, no network), integration
// (DynamoDB Local and the twin, started by the tests on free ports), infra (CDK).
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { module: 'ESNext', moduleResolution: 'bundler', isolatedModules: true, verbatimModuleSyntax: false } }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
export default {
  // Every test's ceiling, not a wait: DynamoDB Local and the twin on a busy 2-core machine take seconds where the
  // default gives 5. Set here, at the top: Jest ignores testTimeout inside a `projects` entry (jestjs/jest#9696).
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/test/infra/**/*.test.ts'],
      // One folder for the run's cloud assemblies; each worker synthesizes the app once (test/infra/support/platform.ts).
      globalSetup: '<rootDir>/test/infra/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // One DynamoDB Local per worker, shared by the files it runs (test/integration/support/global-setup.mjs).
      globalSetup: '<rootDir>/test/integration/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/integration/support/global-teardown.mjs',
    },
  ],
};

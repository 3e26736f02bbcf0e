import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Temporal worker is a native module: run each file in its own child process.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    globalSetup: ['test/support/global-setup.ts'],
    // A keyring for encryption at rest in every test process (startServices keeps it).
    setupFiles: ['test/support/keyring-setup.ts'],
    testTimeout: 60_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: '.switchboard/test-results.json' },
    hookTimeout: 120_000,
  },
});

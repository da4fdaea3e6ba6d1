import { defineConfig } from 'vitest/config';

/**
 * `npm run fuzz`: the fuzz tests of `npm test` with 250 times as many cases each (XXGK_FUZZ is the
 * factor; set it to run longer or shorter) and a fresh seed; each file prints its seed and the
 * number of cases it ran. Reproduce a failure with XXGK_FUZZ_SEED=<the seed it prints>.
 */
export default defineConfig({
  test: {
    include: ['tests/fuzz-*.test.ts'],
    environment: 'node',
    testTimeout: 0,
    // The two fuzz files side by side, one per core.
    maxWorkers: 2,
    env: { XXGK_FUZZ: process.env.XXGK_FUZZ ?? '250' },
  },
});

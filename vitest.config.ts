import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // Vitest's default leaves one core free, which on a 2-core machine (CI) runs the files one
    // after another; the command's tests mostly wait on child processes, so two workers pay.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

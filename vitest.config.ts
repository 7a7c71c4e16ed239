import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against shared's source, so they do not depend on a prior build.
    alias: { '@idea-board/shared': fileURLToPath(new URL('./shared/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['shared/test/**/*.test.ts', 'server/test/**/*.test.ts', 'client/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Server tests bind real ports and spawn processes: keep files from starving each other on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});

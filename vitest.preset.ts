import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * The test set-up every package shares: SWC (it emits the decorator metadata NestJS needs;
 * esbuild does not), one test file at a time (integration tests share one PostgreSQL and one NATS
 * on 2 cores), and a JSON report at the repository root that CI sums into "N passed, N failed".
 */
export function casehubTestConfig(reportName: string) {
  return defineConfig({
    plugins: [swc.vite({ module: { type: 'es6' } })],
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      reporters: [
        'default',
        [
          'json',
          {
            outputFile: fileURLToPath(
              new URL(`./.test-results/${reportName}.json`, import.meta.url),
            ),
          },
        ],
      ],
    },
  });
}

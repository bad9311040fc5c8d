import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // The JSON report lands at the repo root so CI can collect every package's results in one place.
    reporters: [
      'default',
      [
        'json',
        { outputFile: fileURLToPath(new URL('../../.test-results/domain.json', import.meta.url)) },
      ],
    ],
  },
});

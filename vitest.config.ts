import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vite replaces its default conditions with these: workspace packages resolve to their TypeScript
// source; 'import' is left out of the SSR list so CommonJS dependencies (Express's) load as CommonJS.
const conditions = ['@gdkts/source', 'node', 'import', 'default'];
const projects = ['xasync', 'xboxlive'] as const;

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ['@gdkts/source', 'node'], externalConditions: conditions } },
  test: {
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    projects: [
      ...projects.map((name) => ({
        extends: true as const,
        test: { name: `@gdkts/${name}`, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      { extends: true as const, test: { name: 'tests', root: 'tests', include: ['**/*.test.ts'] } },
    ],
  },
});

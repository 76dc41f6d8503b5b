import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vite replaces its default conditions with these: workspace packages resolve to their TypeScript
// source; 'import' is left out of the SSR list so CommonJS dependencies (Express's) load as CommonJS.
const conditions = ['@gdkts/source', 'node', 'import', 'default'];

// A package joins by its presence: every packages/<name> with a test/ folder is a project.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${packagesDir}${entry.name}/test`))
  .map((entry) => entry.name)
  .sort();

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ['@gdkts/source', 'node'], externalConditions: conditions } },
  test: {
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name: `@gdkts/${name}`, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      { extends: true as const, test: { name: 'tests', root: 'tests', include: ['**/*.test.ts'] } },
      { extends: true as const, test: { name: 'samples', root: 'samples', include: ['test/**/*.test.ts'] } },
    ],
  },
});

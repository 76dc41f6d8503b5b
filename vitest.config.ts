import { defineConfig } from 'vitest/config';

const conditions = ['@gdkts/source', 'node', 'import', 'default'];
const projects = ['xasync', 'xboxlive'] as const;

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    setupFiles: ['./vitest.setup.ts'],
    projects: [
      ...projects.map((name) => ({
        extends: true as const,
        test: { name: `@gdkts/${name}`, root: `packages/${name}`, include: ['test/**/*.test.ts'] },
      })),
      { extends: true as const, test: { name: 'tests', root: 'tests', include: ['**/*.test.ts'] } },
    ],
  },
});

// The verifier entry points must load without the emulator: a production service imports them alone.
// Each entry is imported in a fresh Node process (the `@gdkts/source` condition and tsx, as the demo
// runs), with a resolve hook that logs every module the loader reaches; the log is then checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const src = join(packageDir, 'src');
const logDir = mkdtempSync(join(tmpdir(), 'xboxlive-boundary-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));
// Each case starts a Node process: a ceiling for a loaded machine, not a timing.
const SLOW = 30_000;

// Runs in the loader's hooks thread: after the other hooks (tsx) resolved a specifier, log the URL.
const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.BOUNDARY_LOG, result.url + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

interface LoadedGraph {
  /** Source files of this package, relative to src/. */
  readonly files: Set<string>;
  /** Everything else: `node:` built-ins and package names. */
  readonly packages: Set<string>;
}

/** Imports `specifier` in a fresh process and returns every module the loader resolved. */
function loadedGraph(specifier: string): LoadedGraph {
  const log = join(logDir, `${specifier.replaceAll('/', '_')}.log`);
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@gdkts/source',
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(REGISTER)}`,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)});`,
    ],
    { cwd: packageDir, env: { ...process.env, BOUNDARY_LOG: log }, encoding: 'utf8' },
  );
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const files = new Set<string>();
  const packages = new Set<string>();
  for (const url of new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  )) {
    if (url.startsWith('node:')) {
      packages.add(url);
      continue;
    }
    const path = fileURLToPath(url);
    const inNodeModules =
      /[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
    if (inNodeModules !== null) packages.add((inNodeModules[1] ?? '').replace('\\', '/'));
    else files.add(relative(src, path).replaceAll('\\', '/'));
  }
  return { files, packages };
}

/** Modules a relying party must never load: the emulator, the title side, and the package root. */
const FORBIDDEN = (file: string): boolean =>
  file === 'index.ts' ||
  file === 'client.ts' ||
  file.startsWith('emulator/') ||
  file.startsWith('client/') ||
  file === 'internal/certificate.ts';

describe.each(['@gdkts/xboxlive/verify', '@gdkts/xboxlive/verify/express', '@gdkts/xboxlive/verify/fastify'])(
  '%s',
  (entry) => {
    it(
      'loads no emulator or title-side module and no web framework',
      () => {
        const { files, packages } = loadedGraph(entry);
        expect(files.size).toBeGreaterThan(1);
        expect([...files].filter(FORBIDDEN)).toEqual([]);
        for (const file of files) expect(file).toMatch(/^(verify\.ts|verify\/|wire\/|internal\/)/);
        for (const name of packages) expect(name === 'jose' || name.startsWith('node:')).toBe(true);
      },
      SLOW,
    );
  },
);

describe('@gdkts/xboxlive/client', () => {
  it(
    'loads no emulator module (inProcessXsts works on the world it is handed; httpXsts reads XErr from wire/)',
    () => {
      const { files, packages } = loadedGraph('@gdkts/xboxlive/client');
      expect(files).toContain('client/RequestSigner.ts');
      expect(files).toContain('client/XstsClient.ts');
      expect(files).toContain('client/HttpXstsClient.ts');
      // the workspace's one HRESULT table is a sibling package (its source, under the source condition)
      for (const file of files)
        expect(file).toMatch(/^(client\.ts|client\/|wire\/|internal\/keys\.ts|\.\.\/\.\.\/hresult\/src\/)/);
      // p-queue (httpXsts's per-host queue) and its own dependencies
      const allowed = new Set(['p-queue', 'eventemitter3', 'p-timeout']);
      for (const name of packages) expect(name.startsWith('node:') || allowed.has(name), name).toBe(true);
    },
    SLOW,
  );
});

describe('the hook', () => {
  it(
    'sees the emulator when the package root is loaded (so an empty log cannot pass)',
    () => {
      const { files } = loadedGraph('@gdkts/xboxlive');
      expect(files).toContain('index.ts');
      expect(files).toContain('emulator/TokenIssuer.ts');
      expect(files).toContain('internal/certificate.ts');
    },
    SLOW,
  );
});

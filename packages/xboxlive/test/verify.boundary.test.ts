// The verifier entry points must load without the emulator: a production service imports them alone.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Files and packages an entry loads at run time (type-only imports are erased, so they are skipped). */
function runtimeGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(src, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, typeOnly, specifier = ''] of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)';/gm)) {
      if (typeOnly !== undefined) continue;
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files: new Set([...files].map((f) => relative(src, f))), packages };
}

const EMULATOR = ['index.ts', 'emulator/Account.ts', 'emulator/Device.ts', 'emulator/Title.ts', 'emulator/RelyingParty.ts', 'emulator/TokenIssuer.ts', 'emulator/EndpointConfiguration.ts', 'client/RequestSigner.ts', 'emulator/jwks.ts', 'internal/certificate.ts'];

describe.each(['verify.ts', 'verify/express.ts', 'verify/fastify.ts'])('%s', (entry) => {
  it('loads no emulator module and no web framework', () => {
    const { files, packages } = runtimeGraph(entry);
    expect(files.size).toBeGreaterThan(1);
    for (const module of EMULATOR) expect(files).not.toContain(module);
    for (const name of packages) expect(name === 'jose' || name.startsWith('node:')).toBe(true);
  });
});

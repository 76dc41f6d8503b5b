import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Device } from '@gdkts/xboxlive';
import { httpXsts } from '@gdkts/xboxlive/client';
import { start, startupBanner } from '@gdkts/xboxlive-service';
import { get, send } from './helpers.js';

// Real servers, RSA key generation and many round trips: a ceiling for a loaded machine, not the 5 s default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = await listenOn(0);
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A start that fails leaves nothing listening: its port can be listened on again at once. */
async function expectPortFree(port: number): Promise<void> {
  const server = await listenOn(port);
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gdkts-live-'));
  dirs.push(dir);
  return dir;
}

describe('persistence under dataDir', () => {
  it('a restart keeps accounts, relying-party and issuer keys, devices and their tokens', async () => {
    const dir = await dataDir();
    const first = await start({ dataDir: dir });
    const { xuid } = (await send(first.url, 'POST', '/admin/accounts', { gamertag: 'Kept Player' })).json as {
      xuid: string;
    };
    const device = new Device();
    const request = { xuids: [xuid], deviceId: device.id, titleId: 0x1234_5678, relyingParty: 'rp://gdkts.local/' };
    expect((await httpXsts({ url: first.url, devices: [device] }).getToken(request)).ok).toBe(true);
    const kid = first.world.issuer.kid;
    const x5t = first.world.relyingParty('rp://gdkts.local/')?.x5t;
    await first.close();

    const second = await start({ dataDir: dir });
    try {
      expect(second.world.account(xuid)?.gamertag).toBe('Kept Player');
      expect(second.world.issuer.kid).toBe(kid);
      expect(second.world.relyingParty('rp://gdkts.local/')?.x5t).toBe(x5t);
      expect((await get(second.url, '/admin/devices')).json).toEqual([expect.objectContaining({ id: device.id })]);
      expect((await httpXsts({ url: second.url, devices: [device] }).getToken(request)).ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('writes atomically: many concurrent changes leave one whole file and no temporary files', async () => {
    const dir = await dataDir();
    const live = await start({ dataDir: dir });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => send(live.url, 'POST', '/admin/accounts', { gamertag: `Burst ${i}` })),
    );
    await live.close();
    expect(await readdir(dir)).toEqual(['state.json']);
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { accounts: { gamertag: string }[] };
    expect(state.accounts.filter((account) => account.gamertag.startsWith('Burst'))).toHaveLength(12);
  });

  it('a write killed before its rename leaves the previous state in force', async () => {
    const dir = await dataDir();
    const live = await start({ dataDir: dir });
    const { xuid } = (await send(live.url, 'POST', '/admin/accounts', { gamertag: 'Before Kill' })).json as {
      xuid: string;
    };
    await live.close();
    // What a kill mid-write leaves: a half-written temporary file next to the last complete state.
    await writeFile(join(dir, '.state.json.999.0.tmp'), '{"version":1,"accou');
    const again = await start({ dataDir: dir });
    try {
      expect(again.world.account(xuid)?.gamertag).toBe('Before Kill');
      expect(await readdir(dir)).toEqual(['state.json']);
    } finally {
      await again.close();
    }
  });

  it('save() persists changes made directly on the world', async () => {
    const dir = await dataDir();
    const live = await start({ dataDir: dir });
    const { Account } = await import('@gdkts/xboxlive');
    const added = live.world.addAccount(new Account({ gamertag: 'Direct Add' }));
    await live.save();
    await live.close();
    const again = await start({ dataDir: dir });
    try {
      expect(again.world.account(added.xuid)?.gamertag).toBe('Direct Add');
    } finally {
      await again.close();
    }
  });

  it('refuses a state file of another version, or not JSON, and leaves nothing listening', async () => {
    const dir = await dataDir();
    const port = await freePort();
    await writeFile(join(dir, 'state.json'), JSON.stringify({ version: 99 }));
    await expect(start({ port, dataDir: dir })).rejects.toThrow(/state\.json to be state version 1, got `99`$/);
    await expectPortFree(port);
    await writeFile(join(dir, 'state.json'), '{"version":1,"accou');
    await expect(start({ port, dataDir: dir })).rejects.toThrow(/state\.json to be JSON, got /);
    await expectPortFree(port);
  });

  // What a mistyped --data meets. Under /proc, Node 20's recursive mkdir never settles (procfs
  // answers ENOENT, which it takes for a missing parent): start made the directory that way and hung.
  const procfs = process.platform === 'linux';
  it.each([
    ['a regular file', (file: string) => file, /: it is a file, not a directory$/],
    ['a path under a regular file', (file: string) => join(file, 'a', 'b'), /: \S+ is a file, not a directory$/],
    ...(procfs
      ? ([
          [
            'a new directory in /proc',
            () => '/proc/x',
            /: cannot create it: \/proc takes no new directories \(ENOENT\)$/,
          ],
          ['a deeper one', () => '/proc/x/y', /: cannot create \/proc\/x: \/proc takes no new directories \(ENOENT\)$/],
          ['/proc itself', () => '/proc', /: cannot write a file in it: it takes no new files \(ENOENT\)$/],
        ] as const)
      : []),
  ] as const)('refuses %s as dataDir, naming it and why, and leaves nothing listening', async (_what, path, reason) => {
    const file = join(await dataDir(), 'file');
    await writeFile(file, 'not a directory');
    const port = await freePort();
    const refused = await start({ port, dataDir: path(file) }).then(
      () => expect.unreachable('start resolved'),
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RangeError);
    expect((refused as RangeError).message).toMatch(
      new RegExp(`^Expected \`dataDir\` to be a directory the service can write, got \`${escape(path(file))}\``),
    );
    expect((refused as RangeError).message).toMatch(reason);
    expect((refused as RangeError).cause).toMatchObject({ code: expect.stringMatching(/^E[A-Z]+$/) });
    await expectPortFree(port);
  });

  it('creates a missing data directory with its parents', async () => {
    const dir = join(await dataDir(), 'a', 'b');
    const live = await start({ dataDir: dir });
    await live.close();
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('the startup banner names the URL, the data directory, the NSAL and JWKS URLs, and a curl to try', async () => {
    const dir = await dataDir();
    const live = await start({ dataDir: dir });
    try {
      const banner = startupBanner(live);
      for (const part of [
        live.url,
        dir,
        `${live.url}/titles/default/endpoints`,
        `${live.url}/keys`,
        `curl -s ${live.url}/admin/accounts`,
      ])
        expect(banner).toContain(part);
      expect(startupBanner({ ...live, dataDir: undefined })).toContain('in memory only');
    } finally {
      await live.close();
    }
  });
});

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

  it('refuses a state file of another version', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'state.json'), JSON.stringify({ version: 99 }));
    await expect(start({ dataDir: dir })).rejects.toThrow(RangeError);
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

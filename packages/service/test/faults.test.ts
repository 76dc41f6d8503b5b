import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Device } from '@gdkts/xboxlive';
import { httpXsts } from '@gdkts/xboxlive/client';
import { start, type RunningService } from '@gdkts/xboxlive-service';
import { get, send } from './helpers.js';

// Real servers, RSA key generation and many round trips: a ceiling for a loaded machine, not the 5 s default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TITLE_ID = 0x1234_5678;
const RP = 'rp://gdkts.local/';
const PLAYER_ONE = '2535428717109723';

let live: RunningService;
beforeAll(async () => {
  live = await start();
});
afterEach(() => live.setFaults({}));
afterAll(async () => {
  await live.close();
});

function client(device = new Device()): { device: Device; xsts: ReturnType<typeof httpXsts> } {
  return { device, xsts: httpXsts({ url: live.url, devices: [device], maxRetries: 0 }) };
}

describe('faults', () => {
  it('are set and read through the admin API, checked like options', async () => {
    expect(
      (await send(live.url, 'PUT', '/admin/faults', { errorRate: 0.5, throttle: { retryAfterSeconds: 2 } })).status,
    ).toBe(200);
    expect((await get(live.url, '/admin/faults')).json).toEqual({ errorRate: 0.5, throttle: { retryAfterSeconds: 2 } });
    expect((await send(live.url, 'PUT', '/admin/faults', { errorRate: 3 })).status).toBe(400);
    expect((await send(live.url, 'PUT', '/admin/faults', { xerr: 'Grumpy' })).status).toBe(400);
    expect((await send(live.url, 'PUT', '/admin/faults', { surprise: 1 })).status).toBe(400);
    expect((await send(live.url, 'PUT', '/admin/faults', { latencyMs: 3_600_000 })).status).toBe(400);
    expect((await send(live.url, 'PUT', '/admin/faults', { throttle: { retryAfterSeconds: 86_400 } })).status).toBe(
      400,
    );
  });

  it('error rate 1 answers 503 everywhere but /admin/; the client reports server-error', async () => {
    live.setFaults({ errorRate: 1 });
    expect((await get(live.url, '/keys')).status).toBe(503);
    expect((await get(live.url, '/admin/faults')).status).toBe(200);
    const { device, xsts } = client();
    await expect(
      xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP }),
    ).rejects.toMatchObject({ reason: 'server-error', status: 503 });
  });

  it('throttling answers 429 with Retry-After; the client waits that long, then retries', async () => {
    live.setFaults({ throttle: { retryAfterSeconds: 7 } });
    const answer = await get(live.url, '/keys');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    const waits: number[] = [];
    const device = new Device();
    const xsts = httpXsts({
      url: live.url,
      devices: [device],
      sleep: async (ms) => {
        waits.push(ms);
        live.setFaults({});
      },
    });
    const result = await xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP });
    expect(result.ok).toBe(true);
    expect(waits[0]).toBe(7000);
  });

  it('persistent throttling ends in a throttled failure after the allowed retries', async () => {
    live.setFaults({ throttle: { retryAfterSeconds: 1 } });
    const device = new Device();
    let waited = 0;
    const xsts = httpXsts({ url: live.url, devices: [device], maxRetries: 2, sleep: async () => void waited++ });
    await expect(
      xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP }),
    ).rejects.toMatchObject({ reason: 'throttled', status: 429 });
    expect(waited).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['Banned', 0x8015dc03],
    ['TermsNotAccepted', 0x8015dc0a],
    ['ChildNotInFamily', 0x8015dc0e],
    ['NoXboxProfile', 0x8015dc09],
  ] as const)('xerr %s: token endpoints refuse with that XErr', async (xerr, value) => {
    const { device, xsts } = client();
    live.setFaults({ xerr });
    const result = await xsts.getToken({
      xuids: [PLAYER_ONE],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: RP,
    });
    expect(result).toMatchObject({ ok: false, reason: 'user-action-required', xerr: value, issue: xerr });
  });

  it('token lifetime override: NotAfter is that many seconds after IssueInstant, in the token too', async () => {
    live.setFaults({ tokenLifetimeSeconds: 90 });
    const { device, xsts } = client();
    const result = await xsts.getToken({
      xuids: [PLAYER_ONE],
      deviceId: device.id,
      titleId: TITLE_ID,
      relyingParty: RP,
    });
    if (!result.ok) throw new Error('refused');
    expect(Date.parse(result.notAfter) - Date.parse(result.issueInstant)).toBeLessThanOrEqual(90_000);
    expect(Date.parse(result.notAfter) - Date.parse(result.issueInstant)).toBeGreaterThan(88_000);
  });

  it('clock skew moves every issued time', async () => {
    live.setFaults({ clockSkewSeconds: 48 * 3600 });
    const { device, xsts } = client();
    const before = Date.now();
    // A client signing with the real clock is 48 h off the service's: the auth service refuses the signature.
    await expect(
      xsts.getToken({ xuids: [], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP }),
    ).rejects.toMatchObject({ reason: 'signature-rejected', status: 403 });
    const skewedDevice = new Device();
    const skewed = httpXsts({ url: live.url, devices: [skewedDevice], now: () => Date.now() + 48 * 3600 * 1000 });
    const ok = await skewed.getToken({ xuids: [], deviceId: skewedDevice.id, titleId: TITLE_ID, relyingParty: RP });
    if (!ok.ok) throw new Error('refused');
    expect(Date.parse(ok.issueInstant)).toBeGreaterThan(before + 47 * 3600 * 1000);
  });

  it('latency holds the answer: a delayed route answers after an undelayed admin call sent later', async () => {
    live.setFaults({ latencyMs: 1000, jitterMs: 50 });
    const order: string[] = [];
    const slow = get(live.url, '/keys').then(() => order.push('keys'));
    const fast = get(live.url, '/admin/faults').then(() => order.push('admin'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['admin', 'keys']);
  });
});

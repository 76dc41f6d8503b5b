import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device } from '@gdkts/xboxlive';
import { start, type RunningService } from '@gdkts/xboxlive-service';
import { deviceAuthBody, get, rawRequest, send, signedPost } from './helpers.js';

let live: RunningService;
beforeAll(async () => {
  live = await start({ maxBodyBytes: 4096, bodyTimeoutMs: 300 });
});
afterAll(async () => {
  await live.close();
});

/** After each malformed request the service still answers a good one. */
async function stillServing(): Promise<void> {
  expect((await get(live.url, '/keys')).status).toBe(200);
}

describe('malformed requests get a clean 4xx and leave the service up', () => {
  it('bad JSON: 400', async () => {
    const answer = await send(live.url, 'POST', '/device/authenticate', '{"Properties":');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'body is not valid JSON' });
    await stillServing();
  });

  it('a JSON body that is not an object: 400', async () => {
    expect((await send(live.url, 'POST', '/xsts/authorize', '[1,2]')).status).toBe(400);
    await stillServing();
  });

  it('wrong content type: 415', async () => {
    const answer = await send(live.url, 'POST', '/device/authenticate', JSON.stringify(deviceAuthBody(new Device())), {
      'Content-Type': 'text/plain',
    });
    expect(answer.status).toBe(415);
    await stillServing();
  });

  it('oversized body (declared): 413 without reading it', async () => {
    const answer = await send(live.url, 'POST', '/user/authenticate', JSON.stringify({ padding: 'x'.repeat(8192) }));
    expect(answer.status).toBe(413);
    await stillServing();
  });

  it('oversized body (chunked, no Content-Length): 413', async () => {
    const answer = await rawRequest(live.url, {
      method: 'POST',
      path: '/user/authenticate',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      chunks: [Buffer.alloc(3000, 0x20), Buffer.alloc(3000, 0x20)],
      finish: true,
    });
    expect(answer.status).toBe(413);
    await stillServing();
  });

  it('bad signature: 403 with an empty body', async () => {
    const device = new Device();
    const other = new Device();
    const body = deviceAuthBody(device);
    // Signed by another key than the ProofKey it registers.
    const answer = await signedPost(live.url, '/device/authenticate', body, other);
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('');
    // No signature at all.
    expect((await send(live.url, 'POST', '/device/authenticate', body)).status).toBe(403);
    await stillServing();
  });

  it('unknown route: 404; wrong method: 405 with Allow', async () => {
    expect((await get(live.url, '/nope')).status).toBe(404);
    const answer = await get(live.url, '/xsts/authorize');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    await stillServing();
  });

  it('missing members: 400', async () => {
    expect((await send(live.url, 'POST', '/device/authenticate', {})).status).toBe(400);
    expect((await send(live.url, 'POST', '/xsts/authorize', { Properties: {} })).status).toBe(401);
    await stillServing();
  });

  it('a slow client that never finishes its body: 408 and the connection closed', async () => {
    const answer = await rawRequest(live.url, {
      method: 'POST',
      path: '/device/authenticate',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '100' },
      chunks: ['{"Properties":'],
      finish: false,
    });
    expect(answer.status).toBe(408);
    await stillServing();
  });

  it('a client that never finishes its headers: 408 and the connection closed', async () => {
    expect(await overSocket('POST /device/authenticate HTTP/1.1\r\nHost: x\r\n')).toMatch(/^HTTP\/1\.1 408/);
    await stillServing();
  });

  it('garbage instead of HTTP: 400 and the connection closed', async () => {
    expect(await overSocket('\u0000\u0001NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });

  it('headers over the size limit: 431', async () => {
    expect(await overSocket(`GET /keys HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431/,
    );
    await stillServing();
  });
});

/** Writes raw bytes on a fresh connection and resolves with everything received until the server closes it. */
function overSocket(payload: string): Promise<string> {
  const url = new URL(live.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(payload));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('start() options', () => {
  it('refuses a non-loopback host, a bad port, and world together with dataDir', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(RangeError);
    await expect(start({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(start({ faults: { errorRate: 2 } })).rejects.toThrow(RangeError);
    await expect(start({ dataDir: '/tmp/x', world: live.world })).rejects.toThrow(TypeError);
  });

  it('close() releases the port', async () => {
    const other = await start();
    await other.close();
    await expect(fetch(`${other.url}/keys`)).rejects.toThrow();
  });
});

describe('auth requests', () => {
  it('refuse a RelyingParty other than http://auth.xboxlive.com for device, user and title tokens: 400', async () => {
    for (const path of ['/device/authenticate', '/user/authenticate', '/title/authenticate']) {
      expect((await send(live.url, 'POST', path, { RelyingParty: 'rp://elsewhere/', Properties: {} })).status).toBe(
        400,
      );
    }
  });
});

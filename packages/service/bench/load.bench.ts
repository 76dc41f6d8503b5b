// A bounded load test on loopback (issue 9, "Reliability"): token issuance (POST /xsts/authorize)
// and a verifier-protected endpoint, each under concurrent load from autocannon, reported as
// requests/s and p99 latency against a bare node:http handler measured in the same run. Every run
// must end with zero errors and non-2xx answers, and the heap must not grow across the runs.
// Bounded: a fixed number of requests per run, a timeout per request, loopback only. Not in CI.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { AUTH_SERVICE_SIGNATURE_POLICY, Device, createRequestSigner } from '@gdkts/xboxlive';
import { createRequestVerifier, withXboxLiveAuth } from '@gdkts/xboxlive/verify';
import { httpXsts } from '@gdkts/xboxlive/client';
import { start } from '@gdkts/xboxlive-service';
import { fmt, heapAfterGc } from '../../../scripts/bench/harness.js';

const CONNECTIONS = 8;
const REQUESTS = 2000;
const TITLE_ID = 0x1234_5678;
const RP = 'rp://gdkts.local/';

interface Run {
  readonly rps: number;
  readonly p99: number;
}

async function load(
  url: string,
  options: {
    readonly method?: 'GET' | 'POST';
    readonly headers?: Record<string, string>;
    readonly body?: string;
    readonly amount?: number;
  },
): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: options.amount ?? REQUESTS,
    timeout: 10,
    method: options.method ?? 'GET',
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  if (result.errors !== 0 || result.timeouts !== 0 || result.non2xx !== 0) {
    throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  // Short bounded runs: the rate over the whole run, not the average of 1-second samples.
  return { rps: result.requests.total / result.duration, p99: result.latency.p99 };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function report(name: string, ours: Run, bare: Run): void {
  console.log(
    `${name}: ${fmt(ours.rps)} req/s, p99 ${ours.p99} ms vs bare node:http ${fmt(bare.rps)} req/s, p99 ${bare.p99} ms = ` +
      `${(ours.rps / bare.rps).toFixed(3)}x throughput, ${(ours.p99 / Math.max(bare.p99, 1)).toFixed(1)}x p99 (0 errors)`,
  );
}

const bare = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '11' }).end('{"ok":true}');
});
const bareUrl = await listen(bare);
const live = await start();
const device = new Device();

// One signed XSTS request, sent again and again: each is answered with a freshly issued token.
const xsts = httpXsts({ url: live.url, devices: [device] });
const warm = await xsts.getToken({
  xuids: ['2535428717109723'],
  deviceId: device.id,
  titleId: TITLE_ID,
  relyingParty: RP,
});
if (!warm.ok) throw new Error('refused');
let xstsBody = '';
await httpXsts({
  url: live.url,
  devices: [device],
  fetch: async (input, init) => {
    if (String(input).endsWith('/xsts/authorize')) xstsBody = String(init?.body);
    return fetch(input, init);
  },
}).getToken({ xuids: ['2535428717109723'], deviceId: device.id, titleId: TITLE_ID, relyingParty: RP });
const xstsHeaders: Record<string, string> = { 'Content-Type': 'application/json' };
xstsHeaders['Signature'] = createRequestSigner(device.proofKey.privateKey).sign(
  { method: 'POST', url: '/xsts/authorize', headers: xstsHeaders, body: xstsBody },
  AUTH_SERVICE_SIGNATURE_POLICY,
);

// A verifier-protected endpoint (no replay store: the same signed request is sent every time).
const rp = live.world.relyingParty(RP);
if (rp === undefined) throw new Error('no RP');
const verifier = createRequestVerifier({
  audience: RP,
  decryptionKeys: [rp.decryptionKey],
  jwksAllowedHosts: [new URL(live.url).host],
});
const protectedServer = createServer(
  withXboxLiveAuth(verifier, (_req, res, { claims }) => {
    const text = JSON.stringify({ xid: claims.users[0]?.xid });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) }).end(text);
  }),
);
const protectedUrl = await listen(protectedServer);
const apiHeaders: Record<string, string> = { Authorization: warm.authorization };
apiHeaders['Signature'] = createRequestSigner(device.proofKey.privateKey).sign({
  method: 'GET',
  url: '/v1/me',
  headers: apiHeaders,
});

// Warm-up of every path, then the heap baseline.
await load(bareUrl, { amount: 200 });
await load(`${live.url}/xsts/authorize`, { method: 'POST', headers: xstsHeaders, body: xstsBody, amount: 100 });
await load(`${protectedUrl}/v1/me`, { headers: apiHeaders, amount: 200 });
const heapBefore = heapAfterGc();

const bareForIssuance = await load(bareUrl, {});
const issuance = await load(`${live.url}/xsts/authorize`, {
  method: 'POST',
  headers: xstsHeaders,
  body: xstsBody,
  amount: REQUESTS / 4,
});
report('token issuance (POST /xsts/authorize)', issuance, bareForIssuance);
const bareForVerifier = await load(bareUrl, {});
const verified = await load(`${protectedUrl}/v1/me`, { headers: apiHeaders });
report('verifier-protected GET /v1/me', verified, bareForVerifier);

const heapAfter = heapAfterGc();
const growth = heapAfter - heapBefore;
console.log(
  `heap: ${fmt(heapBefore / 1024)} KiB before, ${fmt(heapAfter / 1024)} KiB after the measured runs (growth ${fmt(growth / 1024)} KiB, limit 8 MiB)`,
);

await Promise.all([close(bare), close(protectedServer), live.close()]);
if (growth > 8 * 1024 * 1024) {
  console.error('heap grew across the runs');
  process.exit(1);
}

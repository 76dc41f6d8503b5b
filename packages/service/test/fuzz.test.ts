// Whatever a client sends to a route, the answer is a clean one below 500 (a 4xx for anything
// malformed; never a 5xx, never a hang) and the service keeps serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningService } from '@gdkts/xboxlive-service';
import { get, send } from './helpers.js';

let live: RunningService;
beforeAll(async () => {
  live = await start({ maxBodyBytes: 16 * 1024, bodyTimeoutMs: 2000 });
});
afterAll(async () => {
  await live.close();
});

const ROUTES = [
  '/device/authenticate',
  '/user/authenticate',
  '/title/authenticate',
  '/xsts/authorize',
  '/authenticate',
  '/authorize',
  '/devicecode/token',
  '/admin/accounts',
  '/admin/relying-parties',
  '/admin/titles',
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Bodies shaped like auth requests, with random members where the real ones go. */
const authLike = fc.record(
  {
    RelyingParty: fc.oneof(fc.constant('http://auth.xboxlive.com'), fc.string()),
    TokenType: fc.constant('JWT'),
    Properties: fc.dictionary(
      fc.constantFrom(
        'AuthMethod',
        'ProofKey',
        'Id',
        'DeviceToken',
        'TitleToken',
        'UserTokens',
        'RpsTicket',
        'TitleId',
        'SandboxId',
      ),
      jsonValue,
    ),
    DeviceToken: fc.string(),
    SessionId: fc.string(),
    ProofKey: jsonValue,
    AccessToken: fc.string(),
  },
  { requiredKeys: [] },
);

describe('fuzzed requests', () => {
  it('get an answer below 500 from every POST route and leave the service up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.oneof(authLike, jsonValue, fc.string()), async (route, body) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        const answer = await send(live.url, 'POST', route, text);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect((await get(live.url, '/keys')).status).toBe(200);
  });
});

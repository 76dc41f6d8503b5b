// Test-only world for the verifier tests: a real issuer (serving its JWKS on loopback), a relying
// party, a device with its proof key, two accounts, a signer on the device key, and one clock that
// all of them read, so expiry and skew cases are deterministic.
import type { KeyObject } from 'node:crypto';
import { Account, Device, RelyingParty, Title, TokenIssuer, type IssuedToken, type JwksServer } from '@gdkts/xboxlive';
import {
  DEFAULT_SIGNATURE_POLICY,
  createRequestSigner,
  type RequestSigner,
  type SignaturePolicy,
} from '@gdkts/xboxlive/client';
import type { ReceivedRequest, RequestVerifierOptions } from '@gdkts/xboxlive/verify';
import { generateRsaKey } from '../../src/internal/keys.js';

/** 2026-01-01T00:00:00Z: where every fixture clock starts. */
export const START_MS = Date.UTC(2026, 0, 1);

export const AUDIENCE = 'rp://contoso.com/';

export interface VerifyFixture {
  /** The shared clock, Unix ms; tests move it. */
  readonly clock: { now: number };
  readonly now: () => number;
  readonly issuer: TokenIssuer;
  /** The issuer's RS256 key (so tests can hand-make tokens the issuer would sign). */
  readonly issuerKey: KeyObject;
  readonly relyingParty: RelyingParty;
  readonly device: Device;
  readonly alice: Account;
  readonly bob: Account;
  readonly title: Title;
  readonly jwks: JwksServer;
  readonly signer: RequestSigner;
  /** Issues a token for `users` (default: alice) on the fixture device and title. */
  issue(options?: {
    readonly users?: readonly Account[];
    readonly allUsers?: boolean;
    readonly title?: Title;
    readonly relyingParty?: RelyingParty;
  }): IssuedToken;
  /** Verifier options for the fixture relying party, trusting the loopback JWKS host. */
  options(overrides?: Partial<RequestVerifierOptions>): RequestVerifierOptions;
  /** Builds a received request carrying `authorization` and a signature over it (made at the clock's time). */
  signed(request: SignedRequestInit): SignedRequest;
  close(): Promise<void>;
}

export interface SignedRequestInit {
  readonly method?: string;
  readonly target?: string;
  readonly authorization: string;
  readonly body?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  readonly policy?: SignaturePolicy;
}

export interface SignedRequest extends ReceivedRequest {
  /** Lower-case names, as Node delivers them; includes `authorization` and `signature`. */
  readonly headers: Readonly<Record<string, string>>;
}

export async function createVerifyFixture(): Promise<VerifyFixture> {
  const clock = { now: START_MS };
  const now = (): number => clock.now;
  const issuerKey = await generateRsaKey();
  const issuer = await TokenIssuer.create({ now, signingKey: issuerKey });
  const jwks = await issuer.serveJwks();
  const relyingParty = await RelyingParty.create({
    audience: AUDIENCE,
    publisherId: 'contoso',
    userClaims: ['xid', 'ptx', 'gtg', 'agg', 'prv'],
    now,
  });
  const device = new Device();
  const alice = new Account({ gamertag: 'Alice', xuid: '2535428717109723' });
  const bob = new Account({ gamertag: 'Bob', xuid: '18446744073709551615', privileges: [185] });
  const title = new Title({ titleId: 0x12345678 });
  const signer = createRequestSigner(device.proofKey.privateKey, { now });
  return {
    clock,
    now,
    issuer,
    issuerKey,
    relyingParty,
    device,
    alice,
    bob,
    title,
    jwks,
    signer,
    issue(options = {}) {
      const result = issuer.issue({
        users: options.users ?? [alice],
        device,
        title: options.title ?? title,
        relyingParty: options.relyingParty ?? relyingParty,
        ...(options.allUsers === undefined ? {} : { allUsers: options.allUsers }),
      });
      if (!result.ok) throw new Error(`issue refused: ${result.reason}`);
      return result;
    },
    options(overrides = {}) {
      return {
        audience: AUDIENCE,
        decryptionKeys: [relyingParty.decryptionKey],
        jwksAllowedHosts: [jwks.host],
        now,
        ...overrides,
      };
    },
    signed({
      method = 'GET',
      target = '/v1/items?page=2',
      authorization,
      body,
      headers = {},
      policy = DEFAULT_SIGNATURE_POLICY,
    }) {
      const all = { ...headers, authorization };
      const signature = signer.sign(
        { method, url: target, headers: all, ...(body === undefined ? {} : { body }) },
        policy,
      );
      return { method, target, headers: { ...all, signature }, ...(body === undefined ? {} : { body }) };
    },
    close: () => jwks.close(),
  };
}

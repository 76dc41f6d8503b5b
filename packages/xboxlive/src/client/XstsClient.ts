/**
 * The title side's view of XSTS: one call that asks for a relying-party token by id and answers with
 * the token or the refusal (token-signature §1.5). {@link inProcessXsts} answers it from an emulated
 * {@link World} in this process; an HTTP implementation talks to the emulated service.
 *
 * @module
 */
import type { World } from '../emulator/World.js';
import type { IssuedToken, TokenIssueResult, TokenRefusal } from '../emulator/TokenIssuer.js';
import type { RawTokenClaims } from '../wire/tokenClaims.js';

/** One XSTS authorize request, by id: what a title process knows about whom it asks for. */
export interface XstsTokenRequest {
  /** XUIDs of the users the token covers; empty for a device/title-only token (`x=-`). */
  readonly xuids: readonly string[];
  /** Id of the calling device (its proof key becomes the token's `cnf.jwk`). */
  readonly deviceId: string;
  /** Title id of the calling title (its sandbox becomes `sbx`). */
  readonly titleId: number;
  /** The relying party's audience URI, e.g. `rp://contoso.com/`. */
  readonly relyingParty: string;
  /** `XUserGetTokenAndSignatureOptions.AllUsers`: the header names every user (`x=*`). Default false. */
  readonly allUsers?: boolean;
}

/**
 * An issued token as the title side receives it. The claims sealed inside the token are known only
 * to a client that issued it in process ({@link inProcessXsts}); over HTTP they stay sealed and
 * `claims` is absent.
 */
export interface XstsIssuedToken extends Omit<IssuedToken, 'claims'> {
  /** The claims sealed inside the token, when the client issued it in this process. */
  readonly claims?: RawTokenClaims;
}

/** What XSTS answers: the issued token, or a refusal with its XErr. */
export type XstsTokenResult = XstsIssuedToken | TokenRefusal;

/** An XSTS endpoint as the title side calls it. */
export interface XstsClient {
  /**
   * Asks for a relying-party token.
   *
   * @param request - [in] users, device, title and relying party, by id.
   * @returns the issued token, or the refusal XSTS answers with (an account issue that needs the
   *   user, or a user who may not use the title's sandbox).
   * @throws (rejects) RangeError when an id names nothing in the world, or a user is listed twice.
   */
  getToken(request: XstsTokenRequest): Promise<XstsTokenResult>;
}

/** An {@link XstsClient} answered in process: its tokens come with their sealed `claims`. */
export interface InProcessXstsClient extends XstsClient {
  /**
   * Asks for a relying-party token, as {@link XstsClient.getToken}.
   * @param request - [in] users, device, title and relying party, by id.
   * @returns the issued token with its sealed claims, or the refusal.
   */
  getToken(request: XstsTokenRequest): Promise<TokenIssueResult>;
}

function unknown(name: string, value: unknown): RangeError {
  return new RangeError(
    `Expected \`${name}\` to name a member of the world, got \`${String(value)}\` (${typeof value})`,
  );
}

/**
 * An {@link XstsClient} answered in this process: resolves the request's ids through `world` and
 * issues with the world's token issuer.
 *
 * @param world - [in] the emulated world.
 * @returns the client.
 * @example
 * ```ts no-check
 * const xsts = inProcessXsts(world);
 * const result = await xsts.getToken({ xuids: [alice.xuid], deviceId: device.id, titleId: title.titleId, relyingParty: 'rp://contoso.com/' });
 * if (result.ok) headers.Authorization = result.authorization;
 * ```
 */
export function inProcessXsts(world: World): InProcessXstsClient {
  return {
    async getToken(request) {
      const device = world.device(request.deviceId);
      if (device === undefined) throw unknown('deviceId', request.deviceId);
      const title = world.title(request.titleId);
      if (title === undefined) throw unknown('titleId', request.titleId);
      const relyingParty = world.relyingParty(request.relyingParty);
      if (relyingParty === undefined) throw unknown('relyingParty', request.relyingParty);
      const users = request.xuids.map((xuid, index) => {
        const account = world.account(xuid);
        if (account === undefined) throw unknown(`xuids[${index}]`, xuid);
        return account;
      });
      return world.issuer.issue({
        users,
        device,
        title,
        relyingParty,
        ...(request.allUsers === undefined ? {} : { allUsers: request.allUsers }),
      });
    },
  };
}

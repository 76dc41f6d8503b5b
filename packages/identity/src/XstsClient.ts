/**
 * The shape of `@gdkts/xboxlive/client`'s `XstsClient` (issue 6), re-declared here only until that
 * entry lands on main; then this file goes and the engine imports it by package name.
 *
 * @module
 */
import type { TokenIssueResult } from '@gdkts/xboxlive';

/** One XSTS authorize request, by id. */
export interface XstsTokenRequest {
  /** XUIDs of the users the token covers; empty for a device/title-only token (`x=-`). */
  readonly xuids: readonly string[];
  /** Id of the calling device. */
  readonly deviceId: string;
  /** Title id of the calling title. */
  readonly titleId: number;
  /** The relying party's audience URI. */
  readonly relyingParty: string;
  /** `AllUsers`: the header names every user (`x=*`). */
  readonly allUsers?: boolean;
}

/** An XSTS endpoint as the title side calls it. */
export interface XstsClient {
  /**
   * Asks for a relying-party token.
   *
   * @param request - [in] users, device, title and relying party, by id.
   * @returns the issued token or the refusal.
   */
  getToken(request: XstsTokenRequest): Promise<TokenIssueResult>;
}

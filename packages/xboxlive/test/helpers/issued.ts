// The issued token of an issue result, for tests that expect issuance to succeed.
import type { IssuedToken, TokenIssueResult } from '@gdkts/xboxlive';

/** Returns the token, or throws with the refusal's reason. */
export function expectIssued(result: TokenIssueResult): IssuedToken {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

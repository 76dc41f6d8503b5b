/**
 * Sandbox id validation shared by titles and accounts.
 *
 * @module
 */

const SANDBOX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-_]{0,63}$/;

/**
 * Checks a sandbox id (`RETAIL`, `XDKS.1`, …): 1–64 characters, letters, digits, `.`, `-`, `_`,
 * starting with a letter or digit.
 *
 * @throws RangeError naming `name` when it is not.
 */
export function checkSandboxId(name: string, sandbox: string): void {
  if (typeof sandbox !== 'string' || !SANDBOX_PATTERN.test(sandbox)) {
    throw new RangeError(
      `Expected \`${name}\` to be a sandbox id such as RETAIL or XDKS.1, got \`${String(sandbox)}\` (${typeof sandbox})`,
    );
  }
}

/** Facts about real XSTS shared by the emulator and the verifier (neither imports the other). */

/** The `iss` of every XSTS token. */
export const XSTS_ISSUER = 'xsts.auth.xboxlive.com';

/** Where real XSTS publishes its signing keys (the `jku`). */
export const XSTS_JWKS_URL = 'https://xsts-keys.auth.xboxlive.com/keys';

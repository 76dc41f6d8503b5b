/** Facts about real XSTS shared by the emulator and the verifier (neither imports the other). */

/** The `iss` of every XSTS token. */
export const XSTS_ISSUER = 'xsts.auth.xboxlive.com';

/** Where real XSTS publishes its signing keys (the `jku`). */
export const XSTS_JWKS_URL = 'https://xsts-keys.auth.xboxlive.com/keys';

/** Where real XSTS publishes its signing certificates for tokens in the older x5t + x5u style (token-signature.md §1.3). */
export const XSTS_SIGNING_CERTIFICATES_URL = 'https://xsts.auth.xboxlive.com/xsts/signingkeys';

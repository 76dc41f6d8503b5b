/**
 * `gdkts verify --url U --header 'K: V'... --key FILE [--live URL | --jwks URL]`: what a custom web
 * service does with a request that carries an Xbox Live token (token-signature.md §3): the
 * `@gdkts/xboxlive/verify` verifier over a captured request, printing the verified claims or the
 * typed reason it refused.
 * @module
 */
import {
  SignatureMode,
  createRequestVerifier,
  type RequestVerifierOptions,
  type VerificationError,
  type XboxLiveClaims,
} from '@gdkts/xboxlive/verify';
import { CommandFailure, ExitCode, UsageError, type Command } from '../command.js';
import { readJsonInput } from '../internal/files.js';
import { REQUEST_HELP, REQUEST_OPTIONS, listOption, readRequest, stringOption } from '../internal/httpRequest.js';
import { keyFileFetch, readKeyFile, type RelyingPartyKeys } from '../internal/relyingPartyKeys.js';

function hostOf(flag: string, url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.host;
  } catch {
    /* below */
  }
  throw new UsageError(`${flag} '${url}' is not an http(s) URL`);
}

/** Where the issuer's signing keys come from: a running service, a JWKS host, or the key file. */
function keySource(
  keys: RelyingPartyKeys,
  live: string | undefined,
  jwks: string | undefined,
  file: string,
): Pick<RequestVerifierOptions, 'jwksAllowedHosts' | 'fetch'> {
  if (live !== undefined && jwks !== undefined) throw new UsageError('give --live or --jwks, not both');
  if (live !== undefined) return { jwksAllowedHosts: [hostOf('--live', live)] };
  if (jwks !== undefined) return { jwksAllowedHosts: [hostOf('--jwks', jwks)] };
  if (keys.issuer === undefined) throw new UsageError(`${file} has no issuer keys: give --live URL or --jwks URL`);
  const { jku, x5u } = keys.issuer;
  return { jwksAllowedHosts: [...new Set([new URL(jku).host, new URL(x5u).host])], fetch: keyFileFetch(keys.issuer) };
}

function reasonText(error: VerificationError): string {
  return `refused: ${error.code} (HTTP ${error.status})${error.tokenError === undefined ? '' : `, token: ${error.tokenError}`}`;
}

function claimsText(claims: XboxLiveClaims): string {
  const time = (seconds: number): string => new Date(seconds * 1000).toISOString();
  const lines = [
    `verified  XBL3.0 x=${claims.userHash}`,
    `  audience   ${claims.audience}`,
    `  issuer     ${claims.issuer}`,
    `  sandbox    ${claims.sandbox}`,
    `  valid      ${time(claims.notBefore)} .. ${time(claims.expiresAt)}`,
    ...claims.users.map(
      (u) =>
        `  user       ${Object.entries(u)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}`,
    ),
  ];
  if (claims.device !== undefined)
    lines.push(
      `  device     ${Object.entries(claims.device)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`,
    );
  if (claims.title !== undefined)
    lines.push(
      `  title      ${Object.entries(claims.title)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`,
    );
  if (claims.signedAt !== undefined) lines.push(`  signed at  ${new Date(claims.signedAt).toISOString()}`);
  return `${lines.join('\n')}\n`;
}

/** The `verify` command. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: "check a captured request's Xbox Live token and signature; print the claims or the reason",
  usage:
    "verify --url URL [--method M] --header 'Authorization: …' --header 'Signature: …' [--body STR | --body-file F] --key FILE [--live URL | --jwks URL] [--audience RP]... [--json]",
  help: [
    'Runs the relying-party verifier of @gdkts/xboxlive/verify (token-signature.md §3) over a request:',
    'decrypts the token with the relying party key, checks the issuer signature (its JWKS), the',
    'validity times, the request Signature (method, path and query, Authorization, body), then the',
    'audience and sandbox. Prints the verified claims, or the typed reason and its HTTP status.',
    '',
    'Options:',
    ...REQUEST_HELP,
    '  --key, -k FILE        the relying party key file (required): written by `gdkts token --key-out`',
    '                        or `gdkts live serve --key-out`, or the admin API answer to',
    '                        POST /admin/relying-parties saved as JSON',
    '  --live URL            fetch the issuer keys from this running service (its host is allowed)',
    "  --jwks URL            allow the token's jku on this URL's host (default: the key file's copy)",
    "  --audience RP         accept this audience (repeatable; default: the key file's relying parties)",
    '  --signature-mode M    required (default), verify-if-present or off',
    '  --json                print {"ok":true,"claims":…} or {"ok":false,"error":…} as JSON',
    '',
    'Exit status: 0 the request is authenticated; 1 it is refused (the reason on stderr), or the key',
    'file cannot be read; 2 usage error.',
  ].join('\n'),
  options: {
    ...REQUEST_OPTIONS,
    key: { type: 'string', short: 'k' },
    live: { type: 'string' },
    jwks: { type: 'string' },
    audience: { type: 'string', multiple: true },
    'signature-mode': { type: 'string', default: SignatureMode.Required },
    json: { type: 'boolean' },
  },
  async run(args) {
    const { values, positionals, io } = args;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const request = await readRequest(args);
    const file = stringOption(values, 'key');
    if (file === undefined) throw new UsageError('missing --key (the relying party key file)');
    const mode = String(values['signature-mode']);
    const modes: readonly string[] = Object.values(SignatureMode);
    if (!modes.includes(mode)) throw new UsageError(`--signature-mode '${mode}' is not one of ${modes.join(', ')}`);
    const keys = readKeyFile(await readJsonInput(io, file), file);
    const audiences = listOption(values, 'audience');
    const verifier = createRequestVerifier({
      audience: audiences.length > 0 ? audiences : keys.audiences,
      decryptionKeys: keys.decryptionKeys,
      ...keySource(keys, stringOption(values, 'live'), stringOption(values, 'jwks'), file),
      signatureMode: mode as SignatureMode,
    });
    const result = await verifier.verify({
      method: request.method,
      target: request.url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const json = values['json'] === true;
    if (result.ok) {
      io.stdout(json ? `${JSON.stringify({ ok: true, claims: result.claims }, null, 2)}\n` : claimsText(result.claims));
      return ExitCode.Ok;
    }
    const { code, status, tokenError } = result.error;
    if (json)
      io.stdout(
        `${JSON.stringify({ ok: false, error: { code, status, ...(tokenError === undefined ? {} : { tokenError }) } }, null, 2)}\n`,
      );
    throw new CommandFailure(reasonText(result.error));
  },
};

/**
 * `gdkts token --user <gamertag|xuid> --url URL [--method --header --body] [--live URL]`: what
 * `XUserGetTokenAndSignatureAsync` hands a title (xuser-xal.md §1.6, token-signature.md §2): an
 * XSTS token for a relying party and the request's `Signature`, as the two headers to send.
 * In process by default (the emulated world of `@gdkts/xboxlive-service`, kept in `--data DIR`
 * when given), or against a running service (`--live URL` or `GDKTS_LIVE_URL`) through `httpXsts`.
 * @module
 */
import { Device, XSTS_JWKS_URL, XSTS_SIGNING_CERTIFICATES_URL } from '@gdkts/xboxlive';
import {
  LIVE_URL_ENV,
  XstsHttpError,
  createRequestSigner,
  httpXsts,
  inProcessXsts,
  type XstsClient,
  type XstsTokenResult,
} from '@gdkts/xboxlive/client';
import { start } from '@gdkts/xboxlive-service';
import { CommandFailure, ExitCode, UsageError, type Command } from '../command.js';
import { writeOutput } from '../internal/files.js';
import { REQUEST_HELP, REQUEST_OPTIONS, readRequest, stringOption } from '../internal/httpRequest.js';
import { keyFileText } from '../internal/relyingPartyKeys.js';

/** The relying party of the service's default world that a custom web service uses. */
const DEFAULT_RELYING_PARTY = 'rp://gdkts.local/';
/** The title of the service's default world. */
const DEFAULT_TITLE_ID = 0x1234_5678;

/** An account as the admin API lists it (what the CLI needs of it). */
interface AccountListing {
  readonly xuid: string;
  readonly gamertag: string;
  readonly modernGamertag?: string;
}

function matches(account: AccountListing, user: string): boolean {
  const name = user.toLowerCase();
  return (
    account.xuid === user || account.gamertag.toLowerCase() === name || account.modernGamertag?.toLowerCase() === name
  );
}

/** The XUID of `user` on a running service, through `GET /admin/accounts`. */
async function liveXuid(base: string, user: string): Promise<string> {
  const url = `${base.replace(/\/+$/, '')}/admin/accounts`;
  let accounts: unknown;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`answered ${response.status}`);
    accounts = await response.json();
  } catch (error) {
    throw new CommandFailure(
      `cannot list the accounts at ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const found = Array.isArray(accounts) ? (accounts as AccountListing[]).find((a) => matches(a, user)) : undefined;
  if (found === undefined) throw new CommandFailure(`no account '${user}' on ${base}`);
  return found.xuid;
}

function titleIdOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TITLE_ID;
  const value = Number(text);
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text) || !Number.isSafeInteger(value) || value <= 0 || value > 0xffff_ffff)
    throw new UsageError(`--title-id '${text}' is not a title id (hex 0x12345678 or decimal)`);
  return value;
}

/** Why XSTS refused, in one line. */
function refusalText(result: Extract<XstsTokenResult, { ok: false }>): string {
  const xerr = `XErr 0x${result.xerr.toString(16).toUpperCase()}`;
  const issue = result.issue === undefined ? '' : ` (${result.issue})`;
  return `XSTS refused the token for ${result.xuid === '' ? 'the request' : result.xuid}: ${result.reason}, ${xerr}${issue}`;
}

/** The `token` command. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'get an XSTS token and request signature: the Authorization and Signature headers',
  usage:
    "token --user <gamertag|xuid> --url URL [--method M] [--header 'K: V']... [--body STR | --body-file F] [--live URL | --data DIR] [--key-out FILE] [--json]",
  help: [
    'Does what XUserGetTokenAndSignatureAsync does for a title: asks XSTS for a token for the relying',
    'party (for the user, a fresh device and the title) and signs the request with the device proof key.',
    'Prints the two headers to send, ready for curl -H:',
    '  Authorization: XBL3.0 x=<user hash>;<token>',
    '  Signature: <signature>',
    'By default the emulated Xbox Live runs in this process (the world of `gdkts live serve`: Player One,',
    'Player Two, title 0x12345678, rp://gdkts.local/); with --live URL (or GDKTS_LIVE_URL) the token comes',
    'from a running `gdkts live serve` over HTTP.',
    '',
    'Options:',
    '  --user, -u USER       the account: gamertag or XUID (required)',
    ...REQUEST_HELP,
    `  --relying-party RP    the relying party (default ${DEFAULT_RELYING_PARTY})`,
    '  --title-id ID         the calling title (default 0x12345678)',
    `  --live URL            a running service (default: ${LIVE_URL_ENV}; unset: in process)`,
    '  --data DIR            in process: keep the emulated world (accounts, keys) in DIR across runs',
    '  --key-out FILE        in process: write the relying party key file that `gdkts verify --key` reads',
    '                        (with `--live`, `gdkts live serve --key-out` writes it)',
    '  --json                print the headers, the user hash, NotAfter and the DisplayClaims as JSON',
    '',
    'Exit status: 0 ok; 1 XSTS refused (the XErr), the user is unknown, or the service is unreachable;',
    '2 usage error.',
  ].join('\n'),
  options: {
    user: { type: 'string', short: 'u' },
    ...REQUEST_OPTIONS,
    'relying-party': { type: 'string', default: DEFAULT_RELYING_PARTY },
    'title-id': { type: 'string' },
    live: { type: 'string' },
    data: { type: 'string' },
    'key-out': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args) {
    const { values, positionals, io } = args;
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const user = stringOption(values, 'user');
    if (user === undefined || user === '') throw new UsageError('missing --user');
    const request = await readRequest(args);
    const relyingParty = String(values['relying-party']);
    const titleId = titleIdOf(stringOption(values, 'title-id'));
    const liveFlag = stringOption(values, 'live');
    const live = liveFlag ?? (process.env[LIVE_URL_ENV] || undefined);
    const dataDir = stringOption(values, 'data');
    const keyOut = stringOption(values, 'key-out');
    if (live !== undefined && !/^https?:\/\/[^/]/i.test(live))
      throw new UsageError(`${liveFlag === undefined ? LIVE_URL_ENV : '--live'} '${live}' is not an http(s) URL`);
    if (live !== undefined && (dataDir !== undefined || keyOut !== undefined))
      throw new UsageError(
        `--${dataDir !== undefined ? 'data' : 'key-out'} is for the in-process world, not --live (see gdkts live serve --key-out)`,
      );

    const device = new Device();
    let result: XstsTokenResult;
    try {
      if (live !== undefined) {
        const xuid = await liveXuid(live, user);
        result = await httpXsts({ url: live, devices: [device] }).getToken({
          xuids: [xuid],
          deviceId: device.id,
          titleId,
          relyingParty,
        });
      } else {
        const service = await start({ port: 0, ...(dataDir === undefined ? {} : { dataDir }) }).catch(
          (error: unknown) => {
            throw new CommandFailure(
              `cannot open the emulated world${dataDir === undefined ? '' : ` in ${dataDir}`}: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        );
        try {
          const { world } = service;
          // Nothing serves this world's keys once the command ends: its tokens name Xbox Live's own key
          // documents, as the in-process emulator's do, and the key file carries their content.
          world.issuer.setJku(XSTS_JWKS_URL);
          world.issuer.setX5u(XSTS_SIGNING_CERTIFICATES_URL);
          const account = world.account(user) ?? world.accountByGamertag(user);
          if (account === undefined) throw new CommandFailure(`no account '${user}' in the emulated world`);
          const rp = world.relyingParty(relyingParty);
          if (rp === undefined)
            throw new CommandFailure(
              `no relying party '${relyingParty}' in the emulated world (it has ${[...world.relyingParties()].map((r) => r.audience).join(', ')})`,
            );
          if (world.title(titleId) === undefined)
            throw new CommandFailure(`no title 0x${titleId.toString(16).toUpperCase()} in the emulated world`);
          world.addDevice(device);
          const xsts: XstsClient = inProcessXsts(world);
          result = await xsts.getToken({ xuids: [account.xuid], deviceId: device.id, titleId, relyingParty });
          if (keyOut !== undefined) await writeOutput(io, keyOut, keyFileText([rp], world.issuer), { private: true });
        } finally {
          await service.close();
        }
      }
    } catch (error) {
      if (error instanceof XstsHttpError) throw new CommandFailure(`the service failed: ${error.message}`);
      throw error;
    }
    if (!result.ok) throw new CommandFailure(refusalText(result));

    const headers = [
      ...request.headers.filter(([name]) => !/^(authorization|signature)$/i.test(name)),
      ['Authorization', result.authorization] as const,
    ];
    const signature = createRequestSigner(device.proofKey.privateKey).sign({
      method: request.method,
      url: request.url,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    if (values['json'] === true) {
      const json = {
        method: request.method,
        url: request.url,
        headers: { Authorization: result.authorization, Signature: signature },
        userHash: result.userHash,
        issueInstant: result.issueInstant,
        notAfter: result.notAfter,
        displayClaims: result.displayClaims,
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else io.stdout(`Authorization: ${result.authorization}\nSignature: ${signature}\n`);
    return ExitCode.Ok;
  },
};

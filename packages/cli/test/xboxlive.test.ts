/**
 * `gdkts live serve`, `gdkts token` and `gdkts verify` run as child processes: a token and
 * signature from `token` verify with `verify` (in process through the relying-party key file, and
 * against a running `live serve`), a tampered request is refused with the verifier's typed reason,
 * `live serve` prints its URLs, serves, and on SIGTERM or SIGINT closes, releases its port and
 * exits 0, and every user mistake is one line with the documented exit code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountIssue } from '@gdkts/xboxlive';
import { expectMistake, gdkts, spawnGdkts, type Run } from './helpers.js';

// Each case starts real processes: node and the tsx launcher, about 0.6 s of CPU each when the
// machine is idle, several times that while the rest of the suite runs. The cases run one at a
// time (no it.concurrent): on a 2-core machine processes side by side only share the CPU, and each
// case's 60 s would pay for its neighbours' processes too (measured alone: five at once, a case
// took 4-5 s; one at a time, 1-1.5 s; the whole file about as long).
vi.setConfig({ testTimeout: 60_000 });

let dir: string;
let busy: Server;
let busyPort: number;
let closedPort: number;

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server): number => (server.address() as { port: number }).port;
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gdkts-cli-live-'));
  writeFileSync(join(dir, 'malformed.json'), '{"relyingParties": ');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ keys: [] }));
  busy = await listen();
  busyPort = portOf(busy);
  const closed = await listen();
  closedPort = portOf(closed);
  await close(closed);
});
afterAll(async () => {
  await close(busy);
  rmSync(dir, { recursive: true, force: true });
});

/** The request every round trip signs and verifies. */
const URL_ = 'https://api.contoso.com/v1/scores?title=1';
const BODY = '{"score":42}';
const REQUEST = ['--method', 'POST', '--url', URL_, '--header', 'Content-Type: application/json', '--body', BODY];

/** `Authorization` and `Signature` as `gdkts token` printed them, as `-H` arguments. */
function headerArgs(run: Run): string[] {
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^Authorization: XBL3\.0 x=\d+;[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(lines[1]).toMatch(/^Signature: [A-Za-z0-9+/]{102}==$/);
  return lines.flatMap((line) => ['--header', line]);
}

describe('token → verify, in process (the key file carries the relying party key and the issuer keys)', () => {
  let headers: string[];
  const key = (): string => join(dir, 'rp.json');

  beforeAll(async () => {
    const token = await gdkts(['token', '--user', 'Player One', ...REQUEST, '--key-out', key()]);
    expect(token.stderr).toBe('');
    expect(token.code).toBe(0);
    headers = headerArgs(token);
  });

  it('verify accepts the request and prints the claims (exit 0)', async () => {
    const [text, json] = await Promise.all([
      gdkts(['verify', '--key', key(), ...REQUEST, ...headers]),
      gdkts(['verify', '--key', key(), ...REQUEST, ...headers, '--json']),
    ]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^verified {2}XBL3\.0 x=\d+\n/);
    expect(text.stdout).toContain('  audience   rp://gdkts.local/\n');
    expect(text.stdout).toMatch(/ {2}user {7}uhs=\d+ xid=2535428717109723 .*gtg=Player One/);
    expect(json.code).toBe(0);
    const { ok, claims } = JSON.parse(json.stdout) as { ok: boolean; claims: Record<string, unknown> };
    expect(ok).toBe(true);
    expect(claims).toMatchObject({
      audience: 'rp://gdkts.local/',
      sandbox: 'RETAIL',
      users: [{ xid: '2535428717109723', gtg: 'Player One' }],
    });
  });

  it.each([
    ['another body', ['--body', '{"score":9001}'], /refused: invalid-signature \(HTTP 401\)/],
    ['another query', ['--url', `${URL_}&x=1`], /refused: invalid-signature \(HTTP 401\)/],
    ['another method', ['--method', 'PUT'], /refused: invalid-signature \(HTTP 401\)/],
    ['another audience', ['--audience', 'rp://gdkts.local'], /refused: wrong-audience \(HTTP 403\)/],
  ] as const)('a request with %s is refused with the typed reason (exit 1)', async (_what, change, reason) => {
    const r = await gdkts(['verify', '--key', key(), ...REQUEST, ...headers, ...change]);
    expectMistake(r, 1, reason);
  });

  it('without the Signature header, or with a key file of another world, the reason is typed too', async () => {
    const other = join(dir, 'other-world.json');
    expect((await gdkts(['token', '-u', 'Player Two', '--url', '/x', '--key-out', other])).code).toBe(0);
    const [unsigned, foreign] = await Promise.all([
      gdkts(['verify', '--key', key(), ...REQUEST, ...headers.slice(0, 2), '--json']),
      gdkts(['verify', '--key', other, ...REQUEST, ...headers, '--json']),
    ]);
    expectMistake(unsigned, 1, /refused: missing-signature \(HTTP 401\)/, unsigned.stdout);
    expect(JSON.parse(unsigned.stdout)).toEqual({ ok: false, error: { code: 'missing-signature', status: 401 } });
    expectMistake(foreign, 1, /refused: invalid-token \(HTTP 401\), token: /, foreign.stdout);
    expect(JSON.parse(foreign.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-token', status: 401 } });
  });

  it('--signature-mode off accepts the token without a Signature; verify-if-present still checks one', async () => {
    const authorization = headers.slice(0, 2);
    const [off, present] = await Promise.all([
      gdkts(['verify', '--key', key(), ...REQUEST, ...authorization, '--signature-mode', 'off']),
      gdkts([
        'verify',
        '--key',
        key(),
        ...REQUEST,
        ...headers,
        '--body',
        'other',
        '--signature-mode',
        'verify-if-present',
      ]),
    ]);
    expect({ code: off.code, stderr: off.stderr }).toEqual({ code: 0, stderr: '' });
    expectMistake(present, 1, /refused: invalid-signature \(HTTP 401\)/);
  });

  it('--data DIR keeps the world: a token of a later run verifies with the key file of the first', async () => {
    const data = join(dir, 'world');
    const first = join(dir, 'first.json');
    expect((await gdkts(['token', '-u', 'Player Two', '--url', '/a', '--data', data, '--key-out', first])).code).toBe(
      0,
    );
    const later = await gdkts(['token', '-u', '2535428717109724', '--url', '/b', '--data', data, '--json']);
    expect(later.code).toBe(0);
    const printed = JSON.parse(later.stdout) as {
      headers: Record<string, string>;
      displayClaims: { xui: { gtg: string }[] };
    };
    expect(printed.displayClaims.xui[0]?.gtg).toBe('Player Two');
    const r = await gdkts([
      'verify',
      '--key',
      first,
      '--url',
      '/b',
      '-H',
      `Authorization: ${printed.headers['Authorization']}`,
      '-H',
      `Signature: ${printed.headers['Signature']}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/xid=2535428717109724 .*gtg=Player Two/);
  });
});

describe('gdkts live serve', () => {
  it('prints its URLs, serves token → verify over HTTP, and on SIGTERM closes, frees its port and exits 0', async () => {
    const key = join(dir, 'live.json');
    const serve = spawnGdkts(['live', 'serve', '--port', '0', '--key-out', key]);
    const banner = await serve.waitFor(/Press Ctrl\+C to stop\.\n/);
    const url = /^Emulated Xbox Live listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(banner);
    expect(url).not.toBeNull();
    const [, base, port] = url!;
    expect(banner).toContain(`  NSAL            ${base}/titles/default/endpoints\n`);
    expect(banner).toContain(`  JWKS (jku)      ${base}/keys\n`);
    expect(banner).toContain(`written to ${key}`);
    expect((await fetch(`${base}/titles/default/endpoints`)).status).toBe(200);

    const [byFlag, byEnv] = await Promise.all([
      gdkts(['token', '--live', base!, '--user', 'Player Two', ...REQUEST]),
      gdkts(['token', '--user', 'Player One', ...REQUEST], { env: { GDKTS_LIVE_URL: base! } }),
    ]);
    // Both verified at once: each step of this test is a whole process.
    await Promise.all(
      [byFlag, byEnv].map(async (token) => {
        expect(token.stderr).toBe('');
        const verified = await gdkts(['verify', '--live', base!, '--key', key, ...REQUEST, ...headerArgs(token)]);
        expect(verified.stderr).toBe('');
        expect(verified.code).toBe(0);
        expect(verified.stdout).toMatch(token === byFlag ? /gtg=Player Two/ : /gtg=Player One/);
      }),
    );

    // A relying party added through the admin API: its answer (with the private key, once) is a key file.
    const created = await fetch(`${base}/admin/relying-parties`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ audience: 'rp://scores.contoso.test/', publisherId: 'contoso' }),
    });
    expect(created.status).toBe(201);
    const answer = join(dir, 'admin-answer.json');
    writeFileSync(answer, await created.text());
    const token = await gdkts([
      'token',
      '--live',
      base!,
      '-u',
      'Player One',
      '--relying-party',
      'rp://scores.contoso.test/',
      ...REQUEST,
    ]);
    const [online, byJwks, offline] = await Promise.all([
      gdkts(['verify', '--live', base!, '--key', answer, ...REQUEST, ...headerArgs(token), '--json']),
      gdkts(['verify', '--jwks', `${base}/keys`, '--key', answer, ...REQUEST, ...headerArgs(token)]),
      gdkts(['verify', '--key', answer, ...REQUEST, ...headerArgs(token)]),
    ]);
    expect(online.code, online.stderr).toBe(0);
    expect(byJwks.code, byJwks.stderr).toBe(0);
    expect(JSON.parse(online.stdout)).toMatchObject({ ok: true, claims: { audience: 'rp://scores.contoso.test/' } });
    expectMistake(offline, 2, /admin-answer.json has no issuer keys: give --live URL or --jwks URL/);

    serve.child.kill('SIGTERM');
    const ended = await serve.exited;
    expect(ended.code).toBe(0);
    expect(ended.stderr).toBe('');
    expect(ended.stdout).toMatch(/SIGTERM: closing\n$/);
    await close(await listen(Number(port))); // the port is free again
  });

  it('--fault xerr=Banned: the service refuses the token, and gdkts token says with which XErr (exit 1)', async () => {
    const serve = spawnGdkts([
      'live',
      'serve',
      '--fault',
      'xerr=Banned',
      '--fault',
      'throttle.rate=0',
      '--fault',
      'throttle.retryAfterSeconds=1',
    ]);
    const banner = await serve.waitFor(/Press Ctrl\+C/);
    expect(banner).toContain('Faults: {"xerr":"Banned","throttle":{"rate":0,"retryAfterSeconds":1}}\n');
    const base = /listening on (\S+)/.exec(banner)![1]!;
    const token = await gdkts(['token', '--live', base, '-u', 'Player One', '--url', '/a']);
    expectMistake(
      token,
      1,
      new RegExp(
        `XSTS refused the token for 2535428717109723: user-action-required, XErr 0x${AccountIssue.Banned.toString(16).toUpperCase()} \\(Banned\\)`,
      ),
    );
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });

  it('stops on SIGINT (Ctrl+C) the same way', async () => {
    const serve = spawnGdkts(['live', 'serve']);
    await serve.waitFor(/Press Ctrl\+C/);
    serve.child.kill('SIGINT');
    const ended = await serve.exited;
    expect({ code: ended.code, stderr: ended.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ended.stdout).toMatch(/SIGINT: closing\n$/);
  });
});

describe('user mistakes: one line on stderr, the documented exit code, no stack trace', () => {
  const request = ['--url', '/a'];
  it.each([
    [['token'], 2, /missing --user/],
    [['token', '-u', 'Player One'], 2, /missing --url/],
    [
      ['token', '-u', 'x', '--url', 'ftp://x'],
      2,
      /--url 'ftp:\/\/x' is neither an absolute http\(s\) URL nor a \/path/,
    ],
    [['token', '-u', 'x', ...request, '-H', 'no colon'], 2, /--header 'no colon' is not 'Name: value'/],
    [['token', '-u', 'x', ...request, '--body', 'a', '--body-file', 'f'], 2, /give --body or --body-file, not both/],
    [['token', '-u', 'x', ...request, '--title-id', 'zz'], 2, /--title-id 'zz' is not a title id/],
    [['token', '-u', 'x', ...request, '--live', 'nope'], 2, /--live 'nope' is not an http\(s\) URL/],
    [
      ['token', '-u', 'x', ...request, '--live', 'http://127.0.0.1:1', '--key-out', 'k'],
      2,
      /--key-out is for the in-process world/,
    ],
    [['token', '-u', 'x', ...request, '--user'], 2, /--user/],
    [['token', '-u', 'Nobody', ...request], 1, /no account 'Nobody' in the emulated world/],
    [
      ['token', '-u', 'Player One', ...request, '--relying-party', 'rp://nowhere/'],
      1,
      /no relying party 'rp:\/\/nowhere\/'/,
    ],
    [
      ['token', '-u', 'Player One', ...request, '--body-file', 'missing.txt'],
      1,
      /cannot read missing.txt: no such file/,
    ],
    [['verify', ...request], 2, /missing --key/],
    [['verify', '--key', 'k.json'], 2, /missing --url/],
    [['verify', '--key', 'missing.json', ...request], 1, /cannot read missing.json: no such file/],
    [['verify', '--key', 'malformed.json', ...request], 1, /malformed.json is not valid JSON/],
    [['verify', '--key', 'other.json', ...request], 1, /other.json is not a relying party/],
    [
      ['verify', '--key', 'other.json', ...request, '--signature-mode', 'sometimes'],
      2,
      /--signature-mode 'sometimes' is not one of off, verify-if-present, required/,
    ],
    [['live'], 2, /missing action/],
    [['live', 'start'], 2, /unknown action 'start' \(expected serve\)/],
    [['live', 'serve', 'now'], 2, /unexpected argument 'now'/],
    [['live', 'serve', '--port', '70000'], 2, /--port '70000' is not a port/],
    [['live', 'serve', '--port', 'http'], 2, /--port 'http' is not a port/],
    [['live', 'serve', '--host', '0.0.0.0'], 2, /--host '0.0.0.0' is not loopback/],
    [['live', 'serve', '--fault', 'latencyMs'], 2, /--fault 'latencyMs' is not name=value/],
    [['live', 'serve', '--fault', 'errorRate=2'], 2, /--fault: Expected `errorRate` to be a number in 0..1, got `2`/],
    [['live', 'serve', '--fault', 'xerr=Grumpy'], 2, /--fault: Expected `xerr` to be one of /],
  ] as const)('gdkts %j', async (args, code, reason) => {
    expectMistake(await gdkts(args, { cwd: dir }), code, reason);
  });

  // Node 20's recursive mkdir never settles under /proc (procfs answers ENOENT, which it takes for a
  // missing parent), so `live serve --data /proc/x` hung: each run here is killed after 30 s, and a
  // regression fails with the reason instead of hanging. One at a time: a start is a whole process.
  const onLinux = process.platform === 'linux';
  const unusable = [
    ...(onLinux
      ? ([
          ['/proc/x', /got `\/proc\/x`: cannot create it: \/proc takes no new directories \(ENOENT\)$/],
          ['/proc/x/y', /got `\/proc\/x\/y`: cannot create \/proc\/x: \/proc takes no new directories \(ENOENT\)$/],
          ['/proc', /got `\/proc`: cannot write a file in it: it takes no new files \(ENOENT\)$/],
        ] as const)
      : []),
    ['malformed.json/state', /got `malformed\.json\/state`: \S+malformed\.json is a file, not a directory$/],
    ['malformed.json', /got `malformed\.json`: it is a file, not a directory$/],
  ] as const;
  it.each(unusable)(
    'live serve --data %s (unusable): one line naming why, exit 1, never a hang',
    async (data, reason) => {
      const r = await gdkts(['live', 'serve', '--data', data], { cwd: dir, killAfterMs: 30_000 });
      expectMistake(
        r,
        1,
        /^gdkts live: cannot start the service: Expected `dataDir` to be a directory the service can/,
      );
      expectMistake(r, 1, reason);
    },
  );

  it('token --data with an unusable directory: the same reason, exit 1, never a hang', async () => {
    const [data, reason] = unusable[0];
    const r = await gdkts(['token', '-u', 'Player One', '--url', '/a', '--data', data], {
      cwd: dir,
      killAfterMs: 30_000,
    });
    expectMistake(r, 1, /^gdkts token: cannot open the emulated world in \S+: Expected `dataDir` to be a directory/);
    expectMistake(r, 1, reason);
  });

  it('a port in use and a service that is not there fail in one line (exit 1)', async () => {
    const [inUse, away] = await Promise.all([
      gdkts(['live', 'serve', '--port', String(busyPort)]),
      gdkts(['token', '-u', 'Player One', '--url', '/a', '--live', `http://127.0.0.1:${closedPort}`]),
    ]);
    expectMistake(inUse, 1, new RegExp(`cannot start the service: port ${busyPort} on 127.0.0.1 is in use`));
    expectMistake(away, 1, new RegExp(`cannot list the accounts at http://127.0.0.1:${closedPort}/admin/accounts`));
  });
});

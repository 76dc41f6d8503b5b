/**
 * `gdkts live serve [--port N] [--data DIR] [--fault K=V]...`: the emulated Xbox Live as an HTTP
 * service on loopback (issue 9), `start()` of `@gdkts/xboxlive-service` until SIGINT or SIGTERM.
 * @module
 */
import { checkFaults, start, startupBanner, type RunningService, type ServiceFaults } from '@gdkts/xboxlive-service';
import { CommandFailure, ExitCode, UsageError, type Command, type CommandIO } from '../command.js';
import { writeOutput } from '../internal/files.js';
import { listOption, stringOption } from '../internal/httpRequest.js';
import { keyFileText } from '../internal/relyingPartyKeys.js';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port '${text}' is not a port (0..65535; 0 picks a free one)`);
  return port;
}

/** `--fault name=value` (dotted for nested members: `throttle.retryAfterSeconds=5`) → a checked {@link ServiceFaults}. */
function faultsOf(specs: readonly string[]): ServiceFaults {
  const faults: Record<string, unknown> = {};
  for (const spec of specs) {
    const match = /^([A-Za-z]+)(?:\.([A-Za-z]+))?=(.+)$/.exec(spec);
    if (match === null) throw new UsageError(`--fault '${spec}' is not name=value (e.g. latencyMs=200, xerr=Banned)`);
    const [, name, member, text] = match as unknown as [string, string, string | undefined, string];
    const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    if (member === undefined) faults[name] = value;
    else faults[name] = { ...(faults[name] as object | undefined), [member]: value };
  }
  try {
    return checkFaults(faults);
  } catch (error) {
    throw new UsageError(`--fault: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Why the service did not start, in words. */
function startProblem(error: unknown, port: number, host: string): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is in use`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine`;
  return error instanceof Error ? error.message : String(error);
}

/** The first SIGINT or SIGTERM from now on; `dispose` stops listening. */
function nextSignal(): { readonly received: Promise<NodeJS.Signals>; dispose(): void } {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    stop = (signal) => {
      dispose();
      resolve(signal);
    };
  });
  const dispose = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { received, dispose };
}

async function serve(
  values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
  io: CommandIO,
): Promise<ExitCode> {
  const port = portOf(stringOption(values, 'port'));
  const host = stringOption(values, 'host') ?? '127.0.0.1';
  if (!LOOPBACK.includes(host))
    throw new UsageError(
      `--host '${host}' is not loopback (${LOOPBACK.join(', ')}): the service binds only to this machine`,
    );
  const faults = faultsOf(listOption(values, 'fault'));
  const dataDir = stringOption(values, 'data');
  const keyOut = stringOption(values, 'key-out');
  // Listen for the signals before the service exists: a signal during start-up still closes it.
  const signal = nextSignal();
  let live: RunningService;
  try {
    live = await start({ port, host, faults, ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error) {
    signal.dispose();
    throw new CommandFailure(`cannot start the service: ${startProblem(error, port, host)}`);
  }
  try {
    if (keyOut !== undefined)
      await writeOutput(io, keyOut, keyFileText(live.world.relyingParties(), live.world.issuer), { private: true });
    io.stdout(startupBanner(live));
    if (keyOut !== undefined) io.stdout(`Relying party keys (for gdkts verify --key) written to ${keyOut}\n`);
    const active = Object.keys(faults);
    if (active.length > 0) io.stdout(`Faults: ${JSON.stringify(faults)}\n`);
    io.stdout(
      `A token and signature for a request, and its verification:\n  GDKTS_LIVE_URL=${live.url} gdkts token --user 'Player One' --url /v1/me\n` +
        (keyOut === undefined
          ? ''
          : `  gdkts verify --live ${live.url} --key ${keyOut} --url /v1/me -H 'Authorization: …' -H 'Signature: …'\n`),
    );
    io.stdout('Press Ctrl+C to stop.\n');
    const received = await signal.received;
    io.stdout(`${received}: closing\n`);
  } finally {
    signal.dispose();
    await live.close();
  }
  return ExitCode.Ok;
}

/** The `live` command. */
export const liveCommand: Command = {
  name: 'live',
  summary: 'run the emulated Xbox Live HTTP service on loopback (live serve)',
  usage: 'live serve [--port N] [--host 127.0.0.1] [--data DIR] [--fault NAME=VALUE]... [--key-out FILE]',
  help: [
    'Serves the device, user, title, XSTS and SISU auth endpoints, NSAL, the key documents, the sign-in',
    'page and the admin API of @gdkts/xboxlive-service until SIGINT (Ctrl+C) or SIGTERM, then closes every',
    'connection and exits 0. It prints the base URL, the data directory, the NSAL and JWKS URLs and curl',
    'commands to try. Point clients at it with GDKTS_LIVE_URL=<base URL> (gdkts token reads it too).',
    '',
    'Options:',
    '  --port, -p N          TCP port (default 0: a free one, printed)',
    '  --host HOST           127.0.0.1 (default), ::1 or localhost: never another interface',
    '  --data DIR            keep accounts, relying parties and keys in DIR/state.json across restarts',
    '                        (DIR is created when missing; one it cannot create or write in is refused)',
    '  --fault NAME=VALUE    a fault (repeatable): latencyMs=200, jitterMs=50, errorRate=0.1, xerr=Banned,',
    '                        throttle.retryAfterSeconds=5, throttle.rate=0.5, tokenLifetimeSeconds=30,',
    '                        clockSkewSeconds=-600 (change them later with PUT /admin/faults)',
    "  --key-out FILE        write the relying parties' key file that `gdkts verify --key` reads",
    '',
    'Exit status: 0 stopped by a signal; 1 it cannot start (port in use, unusable data directory);',
    '2 usage error.',
  ].join('\n'),
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    data: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'key-out': { type: 'string' },
  },
  run({ positionals, values, io }) {
    const [action, extra] = positionals;
    if (action === undefined) throw new UsageError('missing action (gdkts live serve)');
    if (action !== 'serve') throw new UsageError(`unknown action '${action}' (expected serve)`);
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    return serve(values, io);
  },
};

// The Xbox Live part of the demo: one emulated world served over HTTP by the emulated Xbox Live
// service (@gdkts/xboxlive-service), a title's web service that verifies Xbox Live tokens, and
// both seeds of shared/seeds/ run against them: 001 (XUser, the GDK) and 000 (XAL).
import { Account, DEFAULT_SIGNATURE_POLICY, RelyingParty } from '@gdkts/xboxlive';
import { start } from '@gdkts/xboxlive-service';
import { createEmulatedConsole } from '@gdkts/xuser/testing';
import { listenWebService, serveWebService } from './http.js';
import { dim, heading, say } from './output.js';
import { xalSeed } from './xal.js';
import { xuserSeed } from './xuser.js';

/** The relying party of the title's web service (the `aud` of its tokens). */
const AUDIENCE = 'rp://gdkts-demo.local/';
/** The title (its id goes into every token's `xti` claim). */
const TITLE_ID = 0x1234abcd;

export async function liveDemo(): Promise<void> {
  heading('Xbox Live: the emulated service and a custom web service, on loopback');
  say(dim('creating the emulated world: the relying party, the issuer and their keys…'));
  // 1. The web service's socket first: the title's endpoint configuration names its port.
  const socket = await listenWebService();
  const relyingParty = await RelyingParty.create({ audience: AUDIENCE, publisherId: 'gdkts-demo' });
  // 2. The console XUser sees: the title, its endpoint configuration (NSAL: requests to the web
  //    service need a token for AUDIENCE, signed), one signed-in account.
  const consoleOptions = {
    titleId: TITLE_ID,
    configDirectory: null,
    accounts: [{ gamertag: 'SeedPlayer' }],
    relyingParties: [relyingParty],
    endpoints: {
      SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
      EndPoints: [
        {
          Protocol: 'http',
          Host: '127.0.0.1',
          HostType: 'ip',
          Port: socket.port,
          RelyingParty: AUDIENCE,
          TokenType: 'JWT',
          SignaturePolicyIndex: 0,
        },
      ],
    },
  } as const;
  // The world is built in process first: the live service serves it.
  const inProcess = await createEmulatedConsole({ ...consoleOptions, liveUrl: null });
  // XAL's player: a Microsoft account of the same world, not on the console.
  const xalPlayer = inProcess.world.addAccount(new Account({ gamertag: 'XalPlayer' }));
  // 3. The emulated Xbox Live serves that world; the issuer's `jku` now points at its /keys.
  const live = await start({ host: '127.0.0.1', port: 0, world: inProcess.world });
  // 4. The console XUser sees, with the same accounts and device, gets its tokens from the service
  //    over HTTP: device, title, user and XSTS calls signed with the device's proof key.
  const console = await createEmulatedConsole({
    ...consoleOptions,
    accounts: inProcess.accounts,
    device: inProcess.device,
    liveUrl: live.url,
  });
  const web = serveWebService(socket.server, live, relyingParty);
  try {
    say(`emulated Xbox Live   ${live.url}   ${dim(`(JWKS ${live.jwksUrl})`)}`);
    say(
      `title web service    ${web.origin}   ${dim(`(Express + xboxLiveAuth, relying party ${relyingParty.audience})`)}`,
    );
    say(
      `title ${console.title.titleId.toString(16).toUpperCase()}: requests to ${web.origin} need a token for ${relyingParty.audience}, signed (policy version ${DEFAULT_SIGNATURE_POLICY.Version})`,
    );
    await xuserSeed({ console, web });
    await xalSeed({ live, web, title: console.title, account: xalPlayer });
  } finally {
    await web.close();
    await live.close();
    say();
    say('closed the web service and the emulated Xbox Live');
  }
}

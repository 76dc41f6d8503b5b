import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_ENDPOINT_CONFIGURATION,
  DEFAULT_SIGNATURE_POLICY,
  EndpointLookupStatus,
  WHOLE_BODY_SIGNATURE_POLICY,
  createEndpointResolver,
  type EndpointConfiguration,
  type EndpointLookupResult,
  type NsalEndpoint,
} from '@gdkts/xboxlive';

const jwt = { TokenType: 'JWT' } as const;

// Shaped like the platform NSAL: fqdn entries with and without paths, overlapping wildcards, an
// entry without a relying party, an entry without a signature policy, IP and CIDR hosts.
const NSAL: EndpointConfiguration = {
  SignaturePolicies: [DEFAULT_SIGNATURE_POLICY, WHOLE_BODY_SIGNATURE_POLICY],
  EndPoints: [
    {
      Protocol: 'https',
      Host: 'device.mgt.xboxlive.com',
      HostType: 'fqdn',
      RelyingParty: 'http://device.mgt.xboxlive.com',
      ...jwt,
      SignaturePolicyIndex: 1,
    },
    {
      Protocol: 'https',
      Host: 'device.mgt.xboxlive.com',
      HostType: 'fqdn',
      Path: '/registrations/bestv',
      RelyingParty: 'http://bestv.device.mgt.xboxlive.com',
      ...jwt,
      SignaturePolicyIndex: 1,
    },
    {
      Protocol: 'https',
      Host: 'Privileges.XboxLive.com',
      HostType: 'fqdn',
      Path: '/upsell',
      RelyingParty: 'http://xboxlive.com',
      ...jwt,
      SignaturePolicyIndex: 1,
    },
    {
      Protocol: 'https',
      Host: '*.xboxlive.com',
      HostType: 'wildcard',
      RelyingParty: 'http://xboxlive.com',
      ...jwt,
      SignaturePolicyIndex: 0,
    },
    {
      Protocol: 'https',
      Host: '*.experimentation.xboxlive.com',
      HostType: 'wildcard',
      RelyingParty: 'http://experimentation.xboxlive.com/',
      ...jwt,
      SignaturePolicyIndex: 1,
    },
    { Protocol: 'https', Host: '*.ui.xboxlive.com', HostType: 'wildcard' },
    { Protocol: 'http', Host: '*.xboxlive.com', HostType: 'wildcard' },
    {
      Protocol: 'https',
      Host: 'playfabapi.com',
      HostType: 'fqdn',
      RelyingParty: 'http://playfab.xboxlive.com/',
      ...jwt,
    },
    {
      Protocol: 'https',
      Host: 'xaaa.bbtv.cn',
      HostType: 'fqdn',
      Path: '/xboxsms/OOBEService',
      RelyingParty: 'http://bestvrp.bestv.com/',
      SubRelyingParty: 'http://www.bestv.com.cn/',
      ...jwt,
      SignaturePolicyIndex: 0,
    },
    {
      Protocol: 'https',
      Host: 'api.contoso.com',
      HostType: 'fqdn',
      Port: 8443,
      RelyingParty: 'rp://contoso.com/',
      ...jwt,
      SignaturePolicyIndex: 0,
    },
    {
      Protocol: 'tcp',
      Host: '10.1.2.3',
      HostType: 'ip',
      Port: 3074,
      RelyingParty: 'rp://ip.example/',
      ...jwt,
      SignaturePolicyIndex: -1,
    },
    {
      Protocol: 'https',
      Host: '10.0.0.0/8',
      HostType: 'cidr',
      RelyingParty: 'rp://cidr.example/',
      ...jwt,
      SignaturePolicyIndex: 0,
    },
    { Protocol: 'https', Host: '2001:db8::/32', HostType: 'cidr', RelyingParty: 'rp://cidr6.example/', ...jwt },
  ],
};

const resolver = createEndpointResolver([NSAL]);

function rp(result: EndpointLookupResult): string | undefined {
  return result.status === EndpointLookupStatus.Matched ? result.relyingParty : undefined;
}

describe('createEndpointResolver', () => {
  it.each([
    ['https://device.mgt.xboxlive.com/devices/current', 'http://device.mgt.xboxlive.com'],
    ['https://device.mgt.xboxlive.com/registrations/bestv/abc?x=1', 'http://bestv.device.mgt.xboxlive.com'],
    ['https://device.mgt.xboxlive.com//registrations//bestv', 'http://bestv.device.mgt.xboxlive.com'],
    ['https://device.mgt.xboxlive.com/registrations/bestvx', 'http://device.mgt.xboxlive.com'],
    ['https://device.mgt.xboxlive.com/Registrations/bestv', 'http://device.mgt.xboxlive.com'],
    ['https://DEVICE.MGT.XBOXLIVE.COM:443/registrations/bestv', 'http://bestv.device.mgt.xboxlive.com'],
    ['https://profile.xboxlive.com/users/me', 'http://xboxlive.com'],
    ['https://a.b.c.xboxlive.com/', 'http://xboxlive.com'],
    ['https://settings.experimentation.xboxlive.com/', 'http://experimentation.xboxlive.com/'],
    ['https://playfabapi.com', 'http://playfab.xboxlive.com/'],
    ['https://api.contoso.com:8443/v1', 'rp://contoso.com/'],
    ['tcp://10.1.2.3:3074', 'rp://ip.example/'],
    ['https://10.200.3.4/path', 'rp://cidr.example/'],
    ['https://[2001:db8:1::5]/', 'rp://cidr6.example/'],
    ['wss://rta.xboxlive.com/connect', 'http://xboxlive.com'],
    ['wss://rta.xboxlive.com:80/connect', 'http://xboxlive.com'],
    // XSAPI drops entries without a relying party when it loads the NSAL, so `*.ui.xboxlive.com` shadows nothing.
    ['https://help.ui.xboxlive.com/', 'http://xboxlive.com'],
  ])('maps %s to %s', (url, relyingParty) => {
    expect(rp(resolver.lookup(url))).toBe(relyingParty);
  });

  it.each([
    ['an unknown host', 'https://example.com/'],
    ['the bare domain of a wildcard', 'https://xboxlive.com/'],
    ['another protocol', 'http://profile.xboxlive.com/'],
    ['another port', 'https://profile.xboxlive.com:8443/'],
    ['a port that does not match the configured one', 'https://api.contoso.com/v1'],
    ['a fqdn whose paths do not match and no wildcard', 'https://xaaa.bbtv.cn/other'],
    ['an IP outside every range', 'https://192.168.1.1/'],
    ['wss on another port than 80', 'wss://rta.xboxlive.com:443/'],
    ['tcp without a port', 'tcp://10.1.2.3'],
  ])('requires no token for %s', (_what, url) => {
    expect(resolver.lookup(url)).toEqual({ status: EndpointLookupStatus.NoTokenRequired });
  });

  it('falls back from a fqdn entry whose paths do not match to the wildcards', () => {
    expect(rp(resolver.lookup('https://privileges.xboxlive.com/upsell/x'))).toBe('http://xboxlive.com');
    const result = resolver.lookup('https://privileges.xboxlive.com/other');
    expect(rp(result)).toBe('http://xboxlive.com');
    expect(result.status === 'matched' && result.signaturePolicyIndex).toBe(0);
  });

  it('returns the policy, sub relying party and token type of the match', () => {
    const signed = resolver.lookup('https://xaaa.bbtv.cn/xboxsms/OOBEService/AuthorizationStatus');
    expect(signed).toMatchObject({
      status: 'matched',
      relyingParty: 'http://bestvrp.bestv.com/',
      subRelyingParty: 'http://www.bestv.com.cn/',
      tokenType: 'JWT',
      signaturePolicyIndex: 0,
      signaturePolicy: DEFAULT_SIGNATURE_POLICY,
    });
    expect(resolver.lookup('https://device.mgt.xboxlive.com/')).toMatchObject({
      signaturePolicy: WHOLE_BODY_SIGNATURE_POLICY,
    });
  });

  it('means "no signature" when the entry has no policy index, or -1', () => {
    for (const url of ['https://playfabapi.com/Client/LoginWithXbox', 'tcp://10.1.2.3:3074']) {
      const result = resolver.lookup(url);
      expect(result.status).toBe('matched');
      expect(result.status === 'matched' && [result.signaturePolicyIndex, result.signaturePolicy]).toEqual([
        undefined,
        undefined,
      ]);
    }
  });

  it('answers invalidUrl for something that is not an absolute URL', () => {
    for (const url of ['/relative/path', 'not a url', 'https://', 'https://host:99999/', 'https://[::1/']) {
      expect(resolver.lookup(url)).toEqual({ status: EndpointLookupStatus.InvalidUrl });
    }
  });

  it('consults configurations in order: the platform default before the title', () => {
    const title: EndpointConfiguration = {
      SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
      EndPoints: [
        {
          Protocol: 'https',
          Host: '*.contoso.com',
          HostType: 'wildcard',
          RelyingParty: 'rp://contoso.com/',
          ...jwt,
          SignaturePolicyIndex: 0,
        },
        { Protocol: 'https', Host: 'title.xboxlive.com', HostType: 'fqdn', RelyingParty: 'rp://shadowed/', ...jwt },
      ],
    };
    const both = createEndpointResolver([DEFAULT_ENDPOINT_CONFIGURATION, title]);
    expect(rp(both.lookup('https://api.contoso.com/v1/items'))).toBe('rp://contoso.com/');
    expect(rp(both.lookup('https://title.xboxlive.com/'))).toBe('http://xboxlive.com');
    expect(rp(both.lookup('https://xboxlive.com/'))).toBe('http://xboxlive.com');
  });

  it('adds the built-in wss rule only where policy 0 exists', () => {
    expect(
      rp(createEndpointResolver([{ SignaturePolicies: [DEFAULT_SIGNATURE_POLICY] }]).lookup('wss://x.xboxlive.com/')),
    ).toBe('http://xboxlive.com');
    expect(createEndpointResolver([{}]).lookup('wss://x.xboxlive.com/').status).toBe('noTokenRequired');
  });

  it('matches host names case-insensitively for any casing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'https://device.mgt.xboxlive.com/registrations/bestv',
          'https://profile.xboxlive.com/x',
          'https://playfabapi.com/',
        ),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (url, flips) => {
          const hostEnd = url.indexOf('/', 8);
          const host = [...url.slice(8, hostEnd)]
            .map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c))
            .join('');
          expect(resolver.lookup(`https://${host}${url.slice(hostEnd)}`)).toEqual(resolver.lookup(url));
        },
      ),
    );
  });

  it.each<[string, NsalEndpoint]>([
    [
      'a malformed wildcard',
      { Protocol: 'https', Host: 'api.*.com', HostType: 'wildcard', RelyingParty: 'rp://x/', ...jwt },
    ],
    [
      'a tcp entry without a port',
      { Protocol: 'tcp', Host: 'game.example', HostType: 'fqdn', RelyingParty: 'rp://x/', ...jwt },
    ],
    [
      'a policy index with no policy',
      {
        Protocol: 'https',
        Host: 'a.example',
        HostType: 'fqdn',
        RelyingParty: 'rp://x/',
        ...jwt,
        SignaturePolicyIndex: 5,
      },
    ],
    [
      'an IP host that is not an address',
      { Protocol: 'https', Host: '10.0.0', HostType: 'ip', RelyingParty: 'rp://x/', ...jwt },
    ],
    [
      'a CIDR prefix out of range',
      { Protocol: 'https', Host: '10.0.0.0/33', HostType: 'cidr', RelyingParty: 'rp://x/', ...jwt },
    ],
    [
      'an unknown protocol',
      { Protocol: 'ftp' as 'https', Host: 'a.example', HostType: 'fqdn', RelyingParty: 'rp://x/', ...jwt },
    ],
    [
      'an unknown host type',
      { Protocol: 'https', Host: 'a.example', HostType: 'regex' as 'fqdn', RelyingParty: 'rp://x/', ...jwt },
    ],
  ])('throws TypeError for %s', (_what, endpoint) => {
    expect(() =>
      createEndpointResolver([{ SignaturePolicies: [DEFAULT_SIGNATURE_POLICY], EndPoints: [endpoint] }]),
    ).toThrow(TypeError);
  });

  it('throws TypeError for two entries that disagree on the same protocol, host, port and path, and accepts exact duplicates', () => {
    const entry: NsalEndpoint = {
      Protocol: 'https',
      Host: 'a.example',
      HostType: 'fqdn',
      Path: '/v1',
      RelyingParty: 'rp://one/',
      ...jwt,
    };
    expect(() =>
      createEndpointResolver([{ EndPoints: [entry, { ...entry, Host: 'A.EXAMPLE', Port: 443 }] }]),
    ).not.toThrow();
    expect(() => createEndpointResolver([{ EndPoints: [entry, { ...entry, RelyingParty: 'rp://two/' }] }])).toThrow(
      TypeError,
    );
  });
});

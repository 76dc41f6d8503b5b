/**
 * A title's endpoint configuration in the shape of the NSAL ("network security authorization list")
 * JSON that `title.mgt.xboxlive.com/titles/{titleId}/endpoints` serves, and the URL lookup that
 * `XUserGetTokenAndSignatureAsync` performs on it to pick a relying party and a signature policy.
 * Matching mirrors XSAPI `nsal.cpp`, `nsal_endpoint.cpp` and `trie.h`.
 */
import { BlockList, isIP } from 'node:net';
import type { SignaturePolicy } from '../wire/SignaturePolicy.js';
import { splitUrl } from '../wire/requestTarget.js';

/** NSAL `Protocol` values. */
export const EndpointProtocol = {
  /** `https` (default port 443). */
  Https: 'https',
  /** `http` (default port 80). */
  Http: 'http',
  /** `wss` (default port 80, as in XSAPI). */
  Wss: 'wss',
  /** `tcp` (port required). */
  Tcp: 'tcp',
  /** `udp` (port required). */
  Udp: 'udp',
} as const;
/** One of the {@link EndpointProtocol} values. */
export type EndpointProtocol = (typeof EndpointProtocol)[keyof typeof EndpointProtocol];

/** NSAL `HostType` values. */
export const EndpointHostType = {
  /** An exact host name, compared case-insensitively. */
  Fqdn: 'fqdn',
  /** `*.example.com`: any host ending in `.example.com`, at any depth. */
  Wildcard: 'wildcard',
  /** An IPv4 or IPv6 literal. */
  Ip: 'ip',
  /** An address range such as `10.0.0.0/8`. */
  Cidr: 'cidr',
} as const;
/** One of the {@link EndpointHostType} values. */
export type EndpointHostType = (typeof EndpointHostType)[keyof typeof EndpointHostType];

/** One entry of the NSAL `EndPoints` array. */
export interface NsalEndpoint {
  /** The URL scheme this entry applies to. */
  readonly Protocol: EndpointProtocol;
  /** Host name, wildcard (`*.example.com`), IP literal or CIDR range, according to {@link NsalEndpoint.HostType}. */
  readonly Host: string;
  /** How {@link NsalEndpoint.Host} is matched. */
  readonly HostType: EndpointHostType;
  /** Port; defaults to 443 for `https` and 80 for `http` and `wss`, required otherwise. */
  readonly Port?: number;
  /** Path prefix, matched segment by segment (case-sensitive); the longest configured prefix wins. */
  readonly Path?: string;
  /** The relying party the token is issued for. An entry without one gets no token and is ignored. */
  readonly RelyingParty?: string;
  /** Optional sub relying party. */
  readonly SubRelyingParty?: string;
  /** Token type; `"JWT"` in every observed document. */
  readonly TokenType?: string;
  /** Index into `SignaturePolicies`. Absent or `-1` means the request gets no `Signature` header. */
  readonly SignaturePolicyIndex?: number;
  /** Indexes into `Certs` for TLS pinning (carried, not enforced by the emulator). */
  readonly ServerCertIndex?: readonly number[];
  /** Minimum TLS version, e.g. `"1.2"` (carried, not enforced by the emulator). */
  readonly MinTlsVersion?: string;
}

/** One entry of the NSAL `Certs` array (carried, not used by the lookup). */
export interface NsalCert {
  /** Hex SHA-1 thumbprint. */
  readonly Thumbprint: string;
  /** Whether the certificate is an issuer. */
  readonly IsIssuer?: boolean;
  /** Index into `RootCerts`. */
  readonly RootCertIndex?: number;
}

/** A whole NSAL document: a title's (or the platform's) endpoint configuration. */
export interface EndpointConfiguration {
  /** The signature policies endpoints refer to by index. */
  readonly SignaturePolicies?: readonly SignaturePolicy[];
  /** The endpoints. */
  readonly EndPoints?: readonly NsalEndpoint[];
  /** Pinned certificates. */
  readonly Certs?: readonly NsalCert[];
  /** Base64 DER root certificates. */
  readonly RootCerts?: readonly string[];
}

/**
 * The platform default endpoint configuration (a subset of
 * `title.mgt.xboxlive.com/titles/default/endpoints`): the Xbox policies 0 (first 8192 body bytes)
 * and 1 (whole body), and `xboxlive.com` / `*.xboxlive.com` over https mapped to the
 * `http://xboxlive.com` relying party with policy 0.
 */
export const DEFAULT_ENDPOINT_CONFIGURATION: EndpointConfiguration = Object.freeze({
  SignaturePolicies: Object.freeze([
    Object.freeze({ Version: 1, SupportedAlgorithms: Object.freeze(['ES256']), MaxBodyBytes: 8192 }),
    Object.freeze({ Version: 1, SupportedAlgorithms: Object.freeze(['ES256']), MaxBodyBytes: 4_294_967_295 }),
  ]),
  EndPoints: Object.freeze([
    Object.freeze({
      Protocol: 'https',
      Host: '*.xboxlive.com',
      HostType: 'wildcard',
      RelyingParty: 'http://xboxlive.com',
      TokenType: 'JWT',
      SignaturePolicyIndex: 0,
    }),
    Object.freeze({
      Protocol: 'https',
      Host: 'xboxlive.com',
      HostType: 'fqdn',
      RelyingParty: 'http://xboxlive.com',
      TokenType: 'JWT',
      SignaturePolicyIndex: 0,
    }),
  ]),
});

/** {@link EndpointLookupResult} discriminants. */
export const EndpointLookupStatus = {
  /** An endpoint matched: a token for its relying party is attached. */
  Matched: 'matched',
  /** No endpoint matched: no token is required (XAL `E_XAL_NOTOKENREQUIRED`, XUser `0x89245105`). */
  NoTokenRequired: 'noTokenRequired',
  /** The URL is not an absolute `scheme://host…` URL. */
  InvalidUrl: 'invalidUrl',
} as const;
/** One of the {@link EndpointLookupStatus} values. */
export type EndpointLookupStatus = (typeof EndpointLookupStatus)[keyof typeof EndpointLookupStatus];

/** What a URL maps to when an endpoint matched. */
export interface EndpointMatch {
  /** Discriminant. */
  readonly status: typeof EndpointLookupStatus.Matched;
  /** The relying party to request a token for. */
  readonly relyingParty: string;
  /** The sub relying party, or `''`. */
  readonly subRelyingParty: string;
  /** The token type (`"JWT"`). */
  readonly tokenType: string;
  /** The matched entry's policy index, or `undefined` when the request is not signed. */
  readonly signaturePolicyIndex: number | undefined;
  /** The policy to sign with, or `undefined` when the request is not signed. */
  readonly signaturePolicy: SignaturePolicy | undefined;
  /** The entry that matched (the built-in `wss *.xboxlive.com` rule has no document entry of its own). */
  readonly endpoint: NsalEndpoint;
}

/** The result of {@link EndpointResolver.lookup}. */
export type EndpointLookupResult =
  | EndpointMatch
  | {
      /** No endpoint matches: the request needs no token. */
      readonly status: typeof EndpointLookupStatus.NoTokenRequired;
    }
  | {
      /** The URL could not be parsed. */
      readonly status: typeof EndpointLookupStatus.InvalidUrl;
    };

/** Looks URLs up in one or more endpoint configurations. Created by {@link createEndpointResolver}. */
export interface EndpointResolver {
  /**
   * Finds the endpoint a URL maps to. Never throws.
   *
   * Rules (XSAPI `nsal::get_endpoint`), applied to each configuration in order until one matches:
   * the protocol and port (defaulted per protocol) must equal the entry's; an IP-literal host is
   * tried against `ip` entries, then `cidr` entries; any other host against `fqdn` entries
   * (case-insensitive), then `wildcard` entries, longest suffix first. The first entry whose
   * protocol, host and port match decides: its longest configured path prefix that the URL path
   * starts with (segment-wise) gives the result, and if none does, that kind of host yields no match.
   *
   * @param url - the full, escaped URL of the request.
   * @returns the match, `noTokenRequired`, or `invalidUrl`.
   */
  lookup(url: string): EndpointLookupResult;
}

interface HostEntry {
  readonly protocol: string;
  readonly port: number;
  /** fqdn: the host; wildcard: the suffix (`.example.com`); ip/cidr: the canonical text. */
  readonly key: string;
  readonly addresses: BlockList | undefined;
  readonly paths: PathNode;
}

interface PathNode {
  readonly children: Map<string, PathNode>;
  match: EndpointMatch | undefined;
}

interface CompiledConfiguration {
  readonly fqdn: readonly HostEntry[];
  readonly wildcard: readonly HostEntry[];
  readonly ip: readonly HostEntry[];
  readonly cidr: readonly HostEntry[];
}

const BUILT_IN_WSS_ENDPOINT: NsalEndpoint = Object.freeze({
  Protocol: 'wss',
  Host: '*.xboxlive.com',
  HostType: 'wildcard',
  Port: 80,
  RelyingParty: 'http://xboxlive.com',
  TokenType: 'JWT',
  SignaturePolicyIndex: 0,
});

/**
 * Compiles endpoint configurations for lookup.
 *
 * Pass the platform default ({@link DEFAULT_ENDPOINT_CONFIGURATION}) before the title's own
 * configuration: the 2017 XSAPI consults the default NSAL first. Like XSAPI, every configuration
 * also gets the built-in rule `wss *.xboxlive.com:80 → http://xboxlive.com` (JWT, policy 0) when
 * it has a policy 0 and does not define that entry itself. Entries without a `RelyingParty` are
 * ignored.
 *
 * @param configurations - the NSAL documents, in lookup order.
 * @returns the resolver.
 * @throws TypeError when an entry is invalid: unknown protocol or host type, a malformed wildcard,
 * IP or CIDR host, a missing port for `tcp`/`udp`, a `SignaturePolicyIndex` with no policy, or two
 * entries for the same protocol, host, port and path that disagree.
 * @example
 * ```ts no-check
 * const resolver = createEndpointResolver([DEFAULT_ENDPOINT_CONFIGURATION, {
 *   SignaturePolicies: [DEFAULT_SIGNATURE_POLICY],
 *   EndPoints: [{ Protocol: 'https', Host: '*.contoso.com', HostType: 'wildcard', RelyingParty: 'rp://contoso.com/', TokenType: 'JWT', SignaturePolicyIndex: 0 }],
 * }]);
 * resolver.lookup('https://api.contoso.com/v1/items'); // { status: 'matched', relyingParty: 'rp://contoso.com/', … }
 * ```
 */
export function createEndpointResolver(configurations: readonly EndpointConfiguration[]): EndpointResolver {
  const compiled = configurations.map((configuration, index) => compileConfiguration(configuration, index));
  return {
    lookup(url) {
      const parts = splitUrl(url);
      if (parts === undefined) return { status: EndpointLookupStatus.InvalidUrl };
      const port = parts.port ?? defaultPort(parts.scheme);
      if (port !== undefined) {
        const segments = pathSegments(parts.path);
        const ipVersion = isIP(parts.host);
        for (const configuration of compiled) {
          const match =
            ipVersion === 0
              ? (find(configuration.fqdn, parts.scheme, port, (e) => e.key === parts.host, segments) ??
                find(configuration.wildcard, parts.scheme, port, (e) => parts.host.endsWith(e.key), segments))
              : (find(configuration.ip, parts.scheme, port, (e) => contains(e, parts.host, ipVersion), segments) ??
                find(configuration.cidr, parts.scheme, port, (e) => contains(e, parts.host, ipVersion), segments));
          if (match !== undefined) return match;
        }
      }
      return { status: EndpointLookupStatus.NoTokenRequired };
    },
  };
}

function find(
  entries: readonly HostEntry[],
  protocol: string,
  port: number,
  hostMatches: (entry: HostEntry) => boolean,
  segments: readonly string[],
): EndpointMatch | undefined {
  const entry = entries.find((e) => e.protocol === protocol && e.port === port && hostMatches(e));
  return entry === undefined ? undefined : longestPrefix(entry.paths, segments);
}

function contains(entry: HostEntry, host: string, ipVersion: number): boolean {
  return entry.addresses?.check(host, ipVersion === 6 ? 'ipv6' : 'ipv4') ?? false;
}

function longestPrefix(root: PathNode, segments: readonly string[]): EndpointMatch | undefined {
  let best = root.match;
  let node: PathNode | undefined = root;
  for (const segment of segments) {
    node = node.children.get(segment);
    if (node === undefined) break;
    best = node.match ?? best;
  }
  return best;
}

/** XSAPI `GetSegments`: split on `/`, drop empty segments. */
function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function defaultPort(protocol: string): number | undefined {
  if (protocol === EndpointProtocol.Https) return 443;
  if (protocol === EndpointProtocol.Http || protocol === EndpointProtocol.Wss) return 80;
  return undefined;
}

const PROTOCOLS: ReadonlySet<string> = new Set(Object.values(EndpointProtocol));

function compileConfiguration(configuration: EndpointConfiguration, configurationIndex: number): CompiledConfiguration {
  const lists: Record<EndpointHostType, HostEntry[]> = { fqdn: [], wildcard: [], ip: [], cidr: [] };
  const policies = configuration.SignaturePolicies ?? [];
  const add = (endpoint: NsalEndpoint, where: string): void => {
    const fail = (problem: string): never => {
      throw new TypeError(`Invalid endpoint configuration ${configurationIndex}, ${where}: ${problem}`);
    };
    if (endpoint.RelyingParty === undefined || endpoint.RelyingParty === '') return;
    if (!PROTOCOLS.has(endpoint.Protocol)) fail(`unknown Protocol \`${String(endpoint.Protocol)}\``);
    const port = endpoint.Port ?? defaultPort(endpoint.Protocol) ?? fail(`Port is required for ${endpoint.Protocol}`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`invalid Port \`${port}\``);
    const index = endpoint.SignaturePolicyIndex ?? -1;
    const policy = index === -1 ? undefined : (policies[index] ?? fail(`SignaturePolicyIndex ${index} has no policy`));
    const list =
      (lists[endpoint.HostType] as HostEntry[] | undefined) ??
      fail(`unknown HostType \`${String(endpoint.HostType)}\``);
    const host = endpoint.Host.toLowerCase();
    let key: string;
    let addresses: BlockList | undefined;
    switch (endpoint.HostType) {
      case EndpointHostType.Fqdn:
        key = host;
        if (key === '') fail('empty Host');
        break;
      case EndpointHostType.Wildcard:
        if (!host.startsWith('*.') || host.length < 3)
          fail(`wildcard Host \`${endpoint.Host}\` must look like *.example.com`);
        key = host.slice(1);
        break;
      case EndpointHostType.Ip: {
        const version = isIP(host);
        if (version === 0) fail(`\`${endpoint.Host}\` is not an IP address`);
        addresses = new BlockList();
        addresses.addAddress(host, version === 6 ? 'ipv6' : 'ipv4');
        key = host;
        break;
      }
      case EndpointHostType.Cidr: {
        const [network = '', prefixText = '', extra] = host.split('/');
        const version = isIP(network);
        const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
        if (extra !== undefined || version === 0 || prefix < 0 || prefix > (version === 6 ? 128 : 32))
          fail(`\`${endpoint.Host}\` is not a CIDR range`);
        addresses = new BlockList();
        addresses.addSubnet(network, prefix, version === 6 ? 'ipv6' : 'ipv4');
        key = `${network}/${prefix}`;
        break;
      }
    }
    let entry = list.find((e) => e.protocol === endpoint.Protocol && e.port === port && e.key === key);
    if (entry === undefined) {
      entry = { protocol: endpoint.Protocol, port, key, addresses, paths: { children: new Map(), match: undefined } };
      list.push(entry);
    }
    let node = entry.paths;
    for (const segment of pathSegments(endpoint.Path ?? '')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: new Map(), match: undefined };
        node.children.set(segment, child);
      }
      node = child;
    }
    const match: EndpointMatch = {
      status: EndpointLookupStatus.Matched,
      relyingParty: endpoint.RelyingParty,
      subRelyingParty: endpoint.SubRelyingParty ?? '',
      tokenType: endpoint.TokenType ?? '',
      signaturePolicyIndex: policy === undefined ? undefined : index,
      signaturePolicy: policy,
      endpoint,
    };
    if (node.match === undefined) node.match = match;
    else if (!sameTarget(node.match, match))
      fail(`conflicts with another entry for ${endpoint.Protocol} ${endpoint.Host}:${port}${endpoint.Path ?? ''}`);
  };

  (configuration.EndPoints ?? []).forEach((endpoint, i) => add(endpoint, `EndPoints[${i}]`));
  const builtInTaken = lists.wildcard.some(
    (e) => e.protocol === 'wss' && e.port === 80 && e.key === '.xboxlive.com' && e.paths.match !== undefined,
  );
  if (policies[0] !== undefined && !builtInTaken) add(BUILT_IN_WSS_ENDPOINT, 'built-in wss rule');
  // Longest wildcard suffix first; Array.prototype.sort is stable, so ties keep document order.
  lists.wildcard.sort((a, b) => b.key.length - a.key.length);
  return lists;
}

function sameTarget(a: EndpointMatch, b: EndpointMatch): boolean {
  return (
    a.relyingParty === b.relyingParty &&
    a.subRelyingParty === b.subRelyingParty &&
    a.tokenType === b.tokenType &&
    a.signaturePolicyIndex === b.signaturePolicyIndex
  );
}

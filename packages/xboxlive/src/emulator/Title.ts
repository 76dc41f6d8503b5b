/**
 * An emulated title: its Xbox Live title id and the sandbox it runs in.
 *
 * @module
 */
import {
  DEFAULT_ENDPOINT_CONFIGURATION,
  createEndpointResolver,
  type EndpointConfiguration,
  type EndpointLookupResult,
  type EndpointResolver,
} from './EndpointConfiguration.js';
import { checkSandboxId } from '../wire/sandboxId.js';

/** The retail sandbox: what production services should accept. */
export const RETAIL_SANDBOX = 'RETAIL';

/** Options of the {@link Title} constructor. */
export interface TitleOptions {
  /** The Xbox Live title id, an unsigned 32-bit integer (titles usually quote it in hex). */
  readonly titleId: number;
  /** The sandbox the title runs in. Default {@link RETAIL_SANDBOX}. */
  readonly sandbox?: string;
  /** The title version, the `tvr` claim. Default `1.0.0.0`. */
  readonly version?: string;
  /**
   * The title's endpoint configuration (NSAL JSON shape): which URLs need a token for which
   * relying party, and which signature policy. Looked up after the platform default
   * ({@link DEFAULT_ENDPOINT_CONFIGURATION}, the `*.xboxlive.com` entries).
   */
  readonly endpoints?: EndpointConfiguration;
}

/** An emulated title. Immutable. */
export class Title {
  /** The title id, an unsigned 32-bit integer. */
  readonly titleId: number;
  /** The sandbox the title runs in, the token's `sbx` claim. */
  readonly sandbox: string;
  /** The title version, the `tvr` claim. */
  readonly version: string;
  /** The title's own endpoint configuration (without the platform default). */
  readonly endpoints: EndpointConfiguration | undefined;
  readonly #resolver: EndpointResolver;

  /**
   * Creates a title.
   *
   * @param options - [in] title id, sandbox, version and endpoint configuration.
   * @throws RangeError for a title id outside 1–0xFFFFFFFF or a malformed sandbox id.
   * @throws TypeError for an invalid endpoint configuration.
   */
  constructor(options: TitleOptions) {
    const { titleId, sandbox = RETAIL_SANDBOX, version = '1.0.0.0' } = options;
    if (!Number.isInteger(titleId) || titleId <= 0 || titleId > 0xffff_ffff) {
      throw new RangeError(
        `Expected \`titleId\` to be an integer in 1..0xFFFFFFFF, got \`${String(titleId)}\` (${typeof titleId})`,
      );
    }
    checkSandboxId('sandbox', sandbox);
    this.titleId = titleId;
    this.sandbox = sandbox;
    this.version = version;
    this.endpoints = options.endpoints;
    this.#resolver = createEndpointResolver(
      options.endpoints === undefined
        ? [DEFAULT_ENDPOINT_CONFIGURATION]
        : [DEFAULT_ENDPOINT_CONFIGURATION, options.endpoints],
    );
  }

  /**
   * Which endpoint a URL matches: its relying party, token type and signature policy, or that no
   * token is required (XSAPI's NSAL lookup rules).
   * @param url - [in] the absolute request URL.
   * @returns the lookup result.
   */
  lookupEndpoint(url: string): EndpointLookupResult {
    return this.#resolver.lookup(url);
  }

  /** The title id as the `tid` claim carries it: a decimal string. */
  get tid(): string {
    return String(this.titleId);
  }

  /** The title id as titles usually quote it: `0x` and eight upper-case hex digits. */
  get hexTitleId(): string {
    return `0x${this.titleId.toString(16).toUpperCase().padStart(8, '0')}`;
  }
}

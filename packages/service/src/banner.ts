/**
 * What `gdkts live serve` prints once the service listens.
 *
 * @module
 */

/** What {@link startupBanner} reads: a {@link RunningService} has all of it. */
export interface BannerSource {
  /** Base URL. */
  readonly url: string;
  /** The data directory, or `undefined` when nothing persists. */
  readonly dataDir: string | undefined;
  /** URL of the platform NSAL document. */
  readonly nsalUrl: string;
  /** URL of the JWKS. */
  readonly jwksUrl: string;
}

/**
 * The startup text: base URL, data directory, the NSAL and JWKS URLs, the admin API, and an example
 * `curl` to try. Plain text, no colour, ending in a newline.
 *
 * @param service - [in] the running service (or its URLs).
 * @returns the banner.
 * @example
 * ```ts no-check
 * const live = await start({ port: 5110, dataDir: '.gdkts-live' });
 * process.stdout.write(startupBanner(live));
 * ```
 */
export function startupBanner(service: BannerSource): string {
  return [
    `Emulated Xbox Live listening on ${service.url}`,
    `  data directory  ${service.dataDir ?? '(none: state is kept in memory only)'}`,
    `  NSAL            ${service.nsalUrl}`,
    `  JWKS (jku)      ${service.jwksUrl}`,
    `  admin API       ${service.url}/admin/accounts`,
    `  sign-in page    ${service.url}/signin (opened by SISU) and ${service.url}/connect (device code)`,
    '',
    'Try:',
    `  curl -s ${service.url}/admin/accounts`,
    `  curl -s ${service.nsalUrl}`,
    '',
  ].join('\n');
}

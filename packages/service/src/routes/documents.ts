// Documents the service publishes: the NSAL (title endpoint configuration, xuser-xal.md §3.1) for
// the platform default and for each title, and the issuer's key documents (token-signature.md
// §1.3): the JWKS at the tokens' `jku`, and the signing certificates at the `x5u` of tokens for
// relying parties without JKU support.
import { DEFAULT_ENDPOINT_CONFIGURATION, type EndpointConfiguration } from '@gdkts/xboxlive';
import type { Route, RouteRequest, ServiceContext } from '../internal/context.js';
import { HttpError, sendJson } from '../internal/http.js';

/** Where the JWKS is served (the `jku` of the tokens the service's issuer signs). */
export const JWKS_ROUTE = '/keys';
/** Where the signing certificates are served (the `x5u` of x5u-style tokens). */
export const SIGNING_CERTIFICATES_ROUTE = '/xsts/signingkeys';

/** The NSAL document of a title: what the admin API set, else the title's own, else an empty one. */
export function titleEndpoints(context: ServiceContext, titleId: number): EndpointConfiguration | undefined {
  const title = context.state.world.title(titleId);
  if (title === undefined) return undefined;
  return context.state.endpoints.get(titleId) ?? title.endpoints ?? { SignaturePolicies: [], EndPoints: [] };
}

function titleDocument(context: ServiceContext, route: RouteRequest): void {
  const document = titleEndpoints(context, Number(route.params[0]));
  if (document === undefined) throw new HttpError(404, `unknown title ${String(route.params[0])}`);
  sendJson(route.response, 200, document);
}

export const documentRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/titles\/default\/endpoints$/,
    handler: (_context, route) => sendJson(route.response, 200, DEFAULT_ENDPOINT_CONFIGURATION),
  },
  {
    method: 'GET',
    pattern: /^\/titles\/(\d{1,10})\/endpoints$/,
    handler: titleDocument,
  },
  {
    method: 'GET',
    pattern: /^\/xsts\/signingkeys$/,
    handler: (context, route) =>
      sendJson(route.response, 200, context.state.world.issuer.signingCertificates(), {
        'Cache-Control': 'max-age=3600',
      }),
  },
  {
    method: 'GET',
    pattern: /^\/keys$/,
    handler: (context, route) =>
      sendJson(route.response, 200, context.state.world.issuer.jwks(), { 'Cache-Control': 'max-age=3600' }),
  },
];

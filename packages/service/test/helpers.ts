// Test helpers: raw HTTP calls (fetch, or node:http for byte-level control) and auth calls signed
// with a device proof key the way a client signs them.
import { request as httpRequest } from 'node:http';
import { AUTH_SERVICE_SIGNATURE_POLICY, createRequestSigner, type Device } from '@gdkts/xboxlive';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function get(base: string, path: string): Promise<Answer> {
  return answerOf(await fetch(`${base}${path}`, { redirect: 'manual' }));
}

export async function send(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, redirect: 'manual', headers: { 'Content-Type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  return answerOf(await fetch(`${base}${path}`, init));
}

/** POSTs JSON signed with the device key under the auth policy (empty Authorization). */
export async function signedPost(
  base: string,
  path: string,
  body: unknown,
  device: Device,
  options: { readonly now?: () => number } = {},
): Promise<Answer> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  headers['Signature'] = createRequestSigner(device.proofKey.privateKey, options).sign(
    { method: 'POST', url: path, headers, body: text },
    AUTH_SERVICE_SIGNATURE_POLICY,
  );
  return answerOf(await fetch(`${base}${path}`, { method: 'POST', headers, body: text, redirect: 'manual' }));
}

export function deviceAuthBody(device: Device): unknown {
  return {
    RelyingParty: 'http://auth.xboxlive.com',
    TokenType: 'JWT',
    Properties: {
      AuthMethod: 'ProofOfPossession',
      Id: device.id,
      DeviceType: device.type,
      Version: device.version,
      ProofKey: device.proofKey.jwk,
    },
  };
}

/** Raw request over node:http: send `head` and the body parts, optionally never finishing. */
export function rawRequest(
  base: string,
  options: {
    readonly method: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly chunks: readonly (string | Buffer)[];
    readonly finish: boolean;
  },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${options.path}`, { method: options.method, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks) req.write(chunk);
    if (options.finish) req.end();
  });
}

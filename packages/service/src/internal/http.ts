// HTTP plumbing of the service: bounded body reads, JSON and form parsing, and the answers every
// route shares (clean 4xx for malformed requests, the XErr refusal of token-signature.md §3.4).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer a route gives by throwing; the router sends it. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body; `null` sends an empty body. */
  readonly body: unknown;

  constructor(
    status: number,
    message: string,
    body: unknown = { error: message },
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * The refusal the auth services send (token-signature.md §3.4): 401, the `X-Err` header, and
 * `{"Identity":"0","XErr":<uint32>,"Message":"","Redirect":…}`.
 */
export function xerrRefusal(xerr: number, redirect?: string): HttpError {
  return new HttpError(
    401,
    `XErr ${xerr}`,
    { Identity: '0', XErr: xerr >>> 0, Message: '', Redirect: redirect ?? '' },
    { 'X-Err': String(xerr >>> 0), 'WWW-Authenticate': 'XBL3.0' },
  );
}

/** What the auth services answer for a bad or skewed request signature: 403, empty body (modrinth#1145). */
export function signatureRefusal(reason: string): HttpError {
  return new HttpError(403, reason, null);
}

/** Limits on reading one request body. */
export interface BodyLimits {
  readonly maxBytes: number;
  /** The whole body must arrive within this many ms of the request's start. */
  readonly timeoutMs: number;
}

/**
 * Reads the whole body, or throws 413 (too large; the rest is not read) or 408 (not finished in
 * time). Either way the connection is closed after the answer, so a client that keeps sending
 * cannot hold it.
 */
export function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > limits.maxBytes) return Promise.reject(closing(413, 'body too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => finish(closing(408, 'body not received in time')), limits.timeoutMs);
    const finish = (error?: HttpError): void => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error === undefined) resolve(Buffer.concat(chunks, size));
      else {
        request.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(closing(413, 'body too large'));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    const onError = (): void => finish(closing(400, 'body could not be read'));
    const onAborted = (): void => finish(closing(400, 'request aborted'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

function closing(status: number, message: string): HttpError {
  return new HttpError(status, message, { error: message }, { Connection: 'close' });
}

/** Parses a JSON object body, requiring `Content-Type: application/json` (415) and valid JSON (400). */
export function parseJsonObject(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  requireContentType(request, 'application/json');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, 'body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Parses an `application/x-www-form-urlencoded` body (the sign-in forms). */
export function parseForm(request: IncomingMessage, body: Buffer): URLSearchParams {
  requireContentType(request, 'application/x-www-form-urlencoded');
  return new URLSearchParams(body.toString('utf8'));
}

function requireContentType(request: IncomingMessage, expected: string): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== expected) throw new HttpError(415, `expected Content-Type: ${expected}`);
}

/** Sends a JSON answer. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    })
    .end(text);
}

/** Sends an HTML page. */
export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response
    .writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(html)),
    })
    .end(html);
}

/** Sends an {@link HttpError}. */
export function sendError(response: ServerResponse, error: HttpError): void {
  if (error.body === null) response.writeHead(error.status, { 'Content-Length': '0', ...error.headers }).end();
  else sendJson(response, error.status, error.body, error.headers);
}

/** A required string member of a JSON object (400 when absent or not a string). */
export function stringMember(object: Record<string, unknown>, name: string): string {
  const value = object[name];
  if (typeof value !== 'string' || value === '')
    throw new HttpError(400, `expected \`${name}\` to be a non-empty string`);
  return value;
}

/** A required object member of a JSON object (400 when absent or not an object). */
export function objectMember(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = object[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, `expected \`${name}\` to be an object`);
  return value as Record<string, unknown>;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

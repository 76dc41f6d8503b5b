// The service's own opaque tokens: device, user and title tokens (for `http://auth.xboxlive.com`,
// token-signature.md §1.2), sign-in codes / RPS tickets, and SISU sessions. Clients never read
// them, so they are stateless: base64url(JSON) '.' base64url(HMAC-SHA256), under a secret kept
// with the state so a restart keeps them valid.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What each kind of sealed token carries. `exp` is Unix ms. */
export type SealedPayload =
  | { readonly typ: 'device'; readonly did: string; readonly iat: number; readonly exp: number }
  | { readonly typ: 'user'; readonly xid: string; readonly uhs: string; readonly iat: number; readonly exp: number }
  | { readonly typ: 'title'; readonly tid: number; readonly did: string; readonly iat: number; readonly exp: number }
  | { readonly typ: 'ticket'; readonly xid: string; readonly iat: number; readonly exp: number; readonly sid?: string }
  | {
      readonly typ: 'session';
      readonly tid: number;
      readonly redirect: string;
      readonly state: string;
      readonly iat: number;
      readonly exp: number;
    };

/** The kinds of sealed token. */
export type SealedKind = SealedPayload['typ'];

/** Seals and opens tokens with one secret. */
export interface TokenSeal {
  seal(payload: SealedPayload): string;
  /** The payload when the token is authentic, of `kind`, and unexpired at `nowMs`; else `undefined`. */
  open<K extends SealedKind>(token: unknown, kind: K, nowMs: number): Extract<SealedPayload, { typ: K }> | undefined;
}

export function createTokenSeal(secret: Uint8Array): TokenSeal {
  const mac = (body: string): Buffer => createHmac('sha256', secret).update(body).digest();
  return {
    seal(payload) {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    open(token, kind, nowMs) {
      if (typeof token !== 'string' || token.length > 8192) return undefined;
      const dot = token.indexOf('.');
      if (dot < 0) return undefined;
      const body = token.slice(0, dot);
      const tag = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(body);
      if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) return undefined;
      let payload: SealedPayload;
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SealedPayload;
      } catch {
        return undefined;
      }
      if (payload.typ !== kind || !(payload.exp > nowMs)) return undefined;
      return payload as never;
    },
  };
}

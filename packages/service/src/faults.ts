/**
 * Faults the service injects, so a client's handling of slow, failing, throttling and refusing
 * Xbox Live can be tested (issue 9, "Faults"). Set them with `start({ faults })` or
 * `PUT /admin/faults`; they apply to every route except `/admin/` ones.
 *
 * @module
 */
import { AccountIssue } from '@gdkts/xboxlive';

/** What the service does wrong on purpose. Every member is optional; `{}` is a healthy service. */
export interface ServiceFaults {
  /** Added latency before every answer, in ms (at most 60 000). */
  readonly latencyMs?: number;
  /** Random extra latency, uniform in 0..`jitterMs`, added to {@link ServiceFaults.latencyMs}. */
  readonly jitterMs?: number;
  /** Fraction (0..1) of requests answered `503` with an empty JSON error. */
  readonly errorRate?: number;
  /**
   * Token endpoints (user, XSTS, SISU authorize) refuse with this account issue's XErr: 401, the
   * `X-Err` header and `{"Identity":"0","XErr":…,"Message":"","Redirect":…}` (token-signature.md §3.4).
   * `Banned`, `TermsNotAccepted`, `ChildNotInFamily` and `NoXboxProfile` are the usual ones.
   */
  readonly xerr?: AccountIssue;
  /** Answer `429 Too Many Requests` with `Retry-After: retryAfterSeconds` to a fraction `rate` (default 1) of requests. */
  readonly throttle?: ServiceThrottle;
  /** Lifetime of every token issued, in seconds, instead of the relying party's hours (to force expiry). */
  readonly tokenLifetimeSeconds?: number;
  /** Offset of the service's clock from the real one, in seconds (token times and the signature-skew check). */
  readonly clockSkewSeconds?: number;
}

/** The throttling fault of {@link ServiceFaults}. */
export interface ServiceThrottle {
  /** The `Retry-After` value sent with each 429, in whole seconds. */
  readonly retryAfterSeconds: number;
  /** Fraction (0..1) of requests throttled. Default 1. */
  readonly rate?: number;
}

function fail(name: string, expected: string, value: unknown): never {
  throw new RangeError(`Expected \`${name}\` to be ${expected}, got \`${String(value)}\``);
}

/** Latency and Retry-After faults are capped at a minute and an hour: enough to test, never a hung client. */
const MAX_LATENCY_MS = 60_000;
const MAX_RETRY_AFTER_SECONDS = 3600;

function latency(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value <= MAX_LATENCY_MS)))
    fail(name, `a number of ms in 0..${MAX_LATENCY_MS}`, value);
}

function fraction(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value <= 1)))
    fail(name, 'a number in 0..1', value);
}

/**
 * Checks a faults object (from options or the admin API).
 *
 * @param value - [in] the candidate.
 * @returns it, typed.
 * @throws TypeError when it is not an object; RangeError for a member out of range or unknown.
 */
export function checkFaults(value: unknown): ServiceFaults {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`Expected \`faults\` to be an object, got \`${String(value)}\``);
  const faults = value as Record<string, unknown>;
  const known = new Set([
    'latencyMs',
    'jitterMs',
    'errorRate',
    'xerr',
    'throttle',
    'tokenLifetimeSeconds',
    'clockSkewSeconds',
  ]);
  for (const name of Object.keys(faults))
    if (!known.has(name)) fail('faults', `made of ${[...known].join(', ')}`, name);
  latency('latencyMs', faults['latencyMs']);
  latency('jitterMs', faults['jitterMs']);
  fraction('errorRate', faults['errorRate']);
  const { xerr, throttle, tokenLifetimeSeconds, clockSkewSeconds } = faults;
  if (xerr !== undefined && (typeof xerr !== 'string' || !Object.hasOwn(AccountIssue, xerr)))
    fail('xerr', `one of ${Object.keys(AccountIssue).join(', ')}`, xerr);
  if (throttle !== undefined) {
    if (typeof throttle !== 'object' || throttle === null) fail('throttle', 'an object', throttle);
    const { retryAfterSeconds, rate } = throttle as Record<string, unknown>;
    if (
      !Number.isInteger(retryAfterSeconds) ||
      (retryAfterSeconds as number) < 0 ||
      (retryAfterSeconds as number) > MAX_RETRY_AFTER_SECONDS
    )
      fail('throttle.retryAfterSeconds', `an integer in 0..${MAX_RETRY_AFTER_SECONDS}`, retryAfterSeconds);
    fraction('throttle.rate', rate);
  }
  if (
    tokenLifetimeSeconds !== undefined &&
    (!Number.isInteger(tokenLifetimeSeconds) || (tokenLifetimeSeconds as number) < 1)
  ) {
    fail('tokenLifetimeSeconds', 'a positive integer', tokenLifetimeSeconds);
  }
  if (clockSkewSeconds !== undefined && (typeof clockSkewSeconds !== 'number' || !Number.isFinite(clockSkewSeconds)))
    fail('clockSkewSeconds', 'a finite number', clockSkewSeconds);
  return faults as ServiceFaults;
}

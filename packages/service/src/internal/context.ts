// What every route sees: the state, the clock (with the skew fault), the faults, the sealed-token
// secret, the base URL, persistence and change events.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceFaults } from '../faults.js';
import type { BodyLimits } from './http.js';
import type { TokenSeal } from './sealedTokens.js';
import type { ServiceState } from './state.js';
import type { ServiceEvent } from '../serviceEvents.js';

export type { ServiceEvent } from '../serviceEvents.js';

export interface ServiceContext {
  readonly state: ServiceState;
  readonly seal: TokenSeal;
  readonly baseUrl: string;
  readonly limits: BodyLimits;
  /** The service clock, Unix ms, with the clock-skew fault applied. */
  now(): number;
  faults(): ServiceFaults;
  setFaults(faults: ServiceFaults): void;
  /** Persists the state (a no-op without a data directory). */
  save(): Promise<void>;
  emit(event: ServiceEvent): void;
  subscribe(listener: (event: ServiceEvent) => void): () => void;
}

/** One request as a route handles it. */
export interface RouteRequest {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  /** Path parameters matched by the route pattern. */
  readonly params: readonly string[];
  /** Reads the whole body (bounded in size and time). */
  body(): Promise<Buffer>;
}

export type RouteHandler = (context: ServiceContext, route: RouteRequest) => Promise<void> | void;

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: RouteHandler;
}

/**
 * Changes an administrator makes that connected title processes react to (issue 9: "connected
 * xuser and xal clients raise their change events"): the service streams them as Server-Sent Events
 * at `GET /admin/events`, and {@link watchServiceEvents} reads that stream.
 *
 * @module
 */

/** One change: an account's profile, privileges or issues changed, or its user was signed out. */
export interface ServiceEvent {
  /** What happened. */
  readonly type: 'account-changed' | 'signed-out';
  /** XUID of the account. */
  readonly xuid: string;
  /** For `account-changed`: the kinds of change (`gamertag`, `privileges`, `issues`, …). */
  readonly changes?: readonly string[];
}

/** A subscription made by {@link watchServiceEvents}. */
export interface ServiceEventWatch {
  /** Ends the subscription (closes the stream). */
  close(): void;
  /** Settles when the stream ends: on {@link ServiceEventWatch.close}, or when the service goes away. */
  readonly closed: Promise<void>;
}

/**
 * Subscribes to a service's change events.
 *
 * @param url - [in] the service's base URL.
 * @param onEvent - [in] called with each event, in order.
 * @returns the subscription, once the service confirmed it (events from then on are delivered).
 * @throws (rejects) TypeError when the service cannot be reached or does not answer with an event stream.
 */
export async function watchServiceEvents(
  url: string,
  onEvent: (event: ServiceEvent) => void,
): Promise<ServiceEventWatch> {
  const controller = new AbortController();
  let response: Response;
  try {
    response = await fetch(new URL('/admin/events', url), {
      signal: controller.signal,
      headers: { Accept: 'text/event-stream' },
    });
  } catch (cause) {
    throw new TypeError(`Expected a service at ${url}`, { cause });
  }
  if (response.status !== 200 || response.body === null)
    throw new TypeError(`Expected an event stream from ${url}/admin/events, got HTTP ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  // The stream opens with a comment once the subscription is registered.
  while (!buffer.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) throw new TypeError(`Expected an event stream from ${url}/admin/events`);
    buffer += decoder.decode(value, { stream: true });
  }
  buffer = buffer.slice(buffer.indexOf('\n\n') + 2);
  const deliver = (): void => {
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data !== undefined) onEvent(JSON.parse(data.slice(6)) as ServiceEvent);
    }
  };
  const closed = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        deliver();
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the watch is over.
    }
  })();
  return { close: () => controller.abort(), closed };
}

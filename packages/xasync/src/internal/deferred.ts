/** A Promise with its resolve and reject functions (`Promise.withResolvers`, absent on Node 20). */
export interface Deferred<T> {
  /** The Promise. */
  readonly promise: Promise<T>;
  /** Resolves {@link Deferred.promise}. */
  resolve(value: T): void;
  /** Rejects {@link Deferred.promise}. */
  reject(reason: unknown): void;
}

/**
 * Makes a {@link Deferred}: what `Promise.withResolvers()` returns on Node 22+.
 * @typeParam T - what the Promise resolves to.
 * @returns the Promise with its resolve and reject functions.
 */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

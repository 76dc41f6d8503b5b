import { runtime, watchers } from './runtime.js';

/** Resolves when `ready()` holds (checked whenever the runtime reports a change) or after `timeoutMs`. */
export function waitFor(ready: () => boolean, timeoutMs = Infinity): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: unknown;
    const done = (): void => {
      watchers.delete(check);
      if (timer !== undefined) runtime.host.clearTimer(timer);
      resolve();
    };
    const check = (): void => {
      if (ready()) done();
    };
    if (ready()) {
      resolve();
      return;
    }
    watchers.add(check);
    if (timeoutMs !== Infinity) timer = runtime.host.setTimer(Math.max(0, Math.ceil(timeoutMs)), done);
  });
}


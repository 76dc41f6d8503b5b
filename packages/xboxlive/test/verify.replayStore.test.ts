import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryReplayStore } from '@gdkts/xboxlive/verify';

describe('createMemoryReplayStore', () => {
  it('accepts a key once within its TTL and again after it', () => {
    const store = createMemoryReplayStore();
    expect(store.remember('a', 600_000, 0)).toBe(true);
    expect(store.remember('a', 600_000, 599_999)).toBe(false);
    expect(store.remember('a', 600_000, 600_000)).toBe(true);
  });

  it('drops the oldest key when full', () => {
    const store = createMemoryReplayStore({ maxEntries: 2 });
    expect(store.remember('a', 1000, 0)).toBe(true);
    expect(store.remember('b', 1000, 0)).toBe(true);
    expect(store.remember('c', 1000, 0)).toBe(true);
    expect(store.remember('b', 1000, 0)).toBe(false);
    expect(store.remember('a', 1000, 0)).toBe(true);
  });

  it('agrees with a model of "seen within the TTL"', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3'), fc.integer({ min: 0, max: 50 })), { maxLength: 60 }),
        (steps) => {
          const store = createMemoryReplayStore();
          const model = new Map<string, number>();
          let now = 0;
          for (const [key, advance] of steps) {
            now += advance;
            const expected = !((model.get(key) ?? -1) > now);
            expect(store.remember(key, 100, now)).toBe(expected);
            if (expected) model.set(key, now + 100);
          }
        },
      ),
    );
  });

  it('rejects a non-positive size', () => {
    expect(() => createMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
  });
});

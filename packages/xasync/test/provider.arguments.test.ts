/**
 * The argument rules (`@gdkts/xasync/provider`): total checks that read a JS value of the wrong
 * kind as a bad pointer, never throwing (revoked proxies and throwing accessors included).
 */
import { describe, expect, it } from 'vitest';
import {
  asHResult,
  isBoolean,
  isBuffer,
  isFunction,
  isObject,
  isOptionalBuffer,
  isOptionalFunction,
  isOptionalOut,
  isOut,
  isSize,
  isString,
  isThenable,
  isUint32,
  isUint8Array,
  tokenValue,
  writeOut,
} from '@gdkts/xasync/provider';

function revoked(): object {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

const throwingToken = {
  get token(): bigint {
    throw new Error('getter');
  },
};

describe('argument rules', () => {
  it('isOut: an unfrozen object with a value property; never throws', () => {
    expect(isOut({ value: 0 })).toBe(true);
    expect(isOut({ value: undefined })).toBe(true);
    for (const bad of [null, undefined, 0, 'value', {}, Object.freeze({ value: 0 }), revoked(), () => 0])
      expect(isOut(bad)).toBe(false);
    expect(isOptionalOut(null)).toBe(true);
    expect(isOptionalOut(undefined)).toBe(true);
    expect(isOptionalOut('x')).toBe(false);
  });

  it('writeOut reports a throwing setter instead of throwing', () => {
    const target = { value: 0 };
    expect(writeOut(target, 5)).toBe(true);
    expect(target.value).toBe(5);
    const throwing = {
      get value(): number {
        return 0;
      },
      set value(_v: number) {
        throw new Error('setter');
      },
    };
    expect(writeOut(throwing, 1)).toBe(false);
  });

  it('numbers: uint32, size_t and HRESULTs', () => {
    expect([0, 1, 0xffffffff].every(isUint32)).toBe(true);
    expect([-1, 1.5, 2 ** 32, Number.NaN, '1', 1n].some(isUint32)).toBe(false);
    expect([0, 2 ** 53 - 1].every(isSize)).toBe(true);
    expect([-1, 2 ** 53, Infinity, 0.5].some(isSize)).toBe(false);
    expect(asHResult(0x80004004)).toBe(0x80004004 | 0);
    expect(asHResult(-1)).toBe(-1);
    expect(asHResult(2 ** 32)).toBeUndefined();
    expect(asHResult('0')).toBeUndefined();
  });

  it('callbacks, strings, booleans, objects, thenables', () => {
    expect(isFunction(() => 0)).toBe(true);
    expect(isFunction({})).toBe(false);
    expect(isOptionalFunction(null)).toBe(true);
    expect(isOptionalFunction(1)).toBe(false);
    expect(isString('')).toBe(true);
    expect(isString(new String('x'))).toBe(false);
    expect(isBoolean(false)).toBe(true);
    expect(isBoolean(0)).toBe(false);
    expect(isObject(() => 0)).toBe(true);
    expect(isObject(null)).toBe(false);
    expect(isThenable(Promise.resolve())).toBe(true);
    expect(isThenable({ then: 1 })).toBe(false);
  });

  it('buffers: a Uint8Array and a size no larger than it', () => {
    expect(isBuffer(4, new Uint8Array(4))).toBe(true);
    expect(isBuffer(0, new Uint8Array(0))).toBe(true);
    expect(isBuffer(5, new Uint8Array(4))).toBe(false);
    expect(isBuffer(-1, new Uint8Array(4))).toBe(false);
    expect(isBuffer(4, [0, 0, 0, 0])).toBe(false);
    expect(isBuffer(4, new Uint16Array(4))).toBe(false);
    expect(isOptionalBuffer(10, null)).toBe(true);
    expect(isOptionalBuffer(Number.NaN, null)).toBe(false);
  });

  it('isUint8Array answers false for a proxy whose every trap throws, and for one over a Uint8Array', () => {
    const fail = (): never => {
      throw new Error('a bad pointer');
    };
    const traps = { get: fail, has: fail, getPrototypeOf: fail, getOwnPropertyDescriptor: fail, ownKeys: fail };
    expect(() => new Proxy({}, traps) instanceof Uint8Array).toThrow('a bad pointer'); // what a plain check would do
    expect(isUint8Array(new Proxy({}, traps))).toBe(false);
    expect(isUint8Array(new Proxy(new Uint8Array(4), { get: fail }))).toBe(false);
    expect(isBuffer(4, new Proxy(new Uint8Array(4), traps))).toBe(false);
    expect(isUint8Array(new Uint8Array(1))).toBe(true);
    expect(isUint8Array(Buffer.alloc(1))).toBe(true);
    expect(isUint8Array(new DataView(new ArrayBuffer(1)))).toBe(false);
  });

  it('tokenValue reads { token: bigint } once, safely', () => {
    expect(tokenValue({ token: 3n })).toBe(3n);
    for (const bad of [null, 3n, { token: 3 }, {}, throwingToken, revoked()]) expect(tokenValue(bad)).toBeUndefined();
  });
});

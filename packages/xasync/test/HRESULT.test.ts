/**
 * HRESULT values and helpers (xasync-api.md §2; xasync-semantics.md §1.1).
 */
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  E_GAMERUNTIME_INVALID_HANDLE,
  E_HANDLE,
  E_ILLEGAL_METHOD_CALL,
  E_INVALIDARG,
  E_INVALID_STATE,
  E_NOTIMPL,
  E_NOT_SUFFICIENT_BUFFER,
  E_NOT_SUPPORTED,
  E_NO_TASK_QUEUE,
  E_OUTOFMEMORY,
  E_PENDING,
  E_POINTER,
  E_POSSIBLE_DEADLOCK,
  E_TIME_CRITICAL_THREAD,
  E_UNEXPECTED,
  FAILED,
  HRESULT_FROM_WIN32,
  HResultError,
  S_FALSE,
  S_OK,
  SUCCEEDED,
  hresultName,
  hresultToString,
} from '@gdkts/xasync';

describe('HRESULT', () => {
  it.each([
    ['S_OK', S_OK, 0x00000000],
    ['S_FALSE', S_FALSE, 0x00000001],
    ['E_PENDING', E_PENDING, 0x8000000a],
    ['E_ABORT', E_ABORT, 0x80004004],
    ['E_FAIL', E_FAIL, 0x80004005],
    ['E_INVALIDARG', E_INVALIDARG, 0x80070057],
    ['E_POINTER', E_POINTER, 0x80004003],
    ['E_HANDLE', E_HANDLE, 0x80070006],
    ['E_NOTIMPL', E_NOTIMPL, 0x80004001],
    ['E_UNEXPECTED', E_UNEXPECTED, 0x8000ffff],
    ['E_OUTOFMEMORY', E_OUTOFMEMORY, 0x8007000e],
    ['E_ILLEGAL_METHOD_CALL', E_ILLEGAL_METHOD_CALL, 0x8000000e],
    ['E_NOT_SUFFICIENT_BUFFER', E_NOT_SUFFICIENT_BUFFER, 0x8007007a],
    ['E_NOT_SUPPORTED', E_NOT_SUPPORTED, 0x80070032],
    ['E_NO_TASK_QUEUE', E_NO_TASK_QUEUE, 0x800701ab],
    ['E_POSSIBLE_DEADLOCK', E_POSSIBLE_DEADLOCK, 0x8007046b],
    ['E_TIME_CRITICAL_THREAD', E_TIME_CRITICAL_THREAD, 0x800701a0],
    ['E_GAMERUNTIME_INVALID_HANDLE', E_GAMERUNTIME_INVALID_HANDLE, 0x8924010c],
    ['E_INVALID_STATE', E_INVALID_STATE, 0x8007139f],
  ])('holds %s as the signed 32-bit value when compared with its native code', (_name, value, native) => {
    expect(value).toBe(native | 0);
    expect(Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff).toBe(true);
  });

  it('makes every failure code negative when compared with the native unsigned value', () => {
    expect(E_ABORT).toBeLessThan(0);
    expect(E_ABORT).not.toBe(0x80004004);
  });
});

describe('SUCCEEDED', () => {
  it('is true when the code is zero or positive and false when negative', () => {
    expect([S_OK, S_FALSE, 0x12345678, 0x7fffffff].map(SUCCEEDED)).toEqual([true, true, true, true]);
    expect([E_PENDING, E_ABORT, -1].map(SUCCEEDED)).toEqual([false, false, false]);
  });
});

describe('FAILED', () => {
  it('is true when the code is negative and false when zero or positive', () => {
    expect([E_PENDING, E_FAIL, -1, 0x80000000 | 0].map(FAILED)).toEqual([true, true, true, true]);
    expect([S_OK, S_FALSE, 0x12345678].map(FAILED)).toEqual([false, false, false]);
  });
});

describe('HRESULT_FROM_WIN32', () => {
  it('maps a positive Win32 code into the Win32 facility when given an ERROR_* value', () => {
    expect(HRESULT_FROM_WIN32(122)).toBe(E_NOT_SUFFICIENT_BUFFER); // ERROR_INSUFFICIENT_BUFFER
    expect(HRESULT_FROM_WIN32(50)).toBe(E_NOT_SUPPORTED); // ERROR_NOT_SUPPORTED
    expect(HRESULT_FROM_WIN32(0x1ab)).toBe(E_NO_TASK_QUEUE); // ERROR_NO_TASK_QUEUE
    expect(HRESULT_FROM_WIN32(1131)).toBe(E_POSSIBLE_DEADLOCK); // ERROR_POSSIBLE_DEADLOCK
    expect(HRESULT_FROM_WIN32(5023)).toBe(E_INVALID_STATE); // ERROR_INVALID_STATE
    expect(HRESULT_FROM_WIN32(6)).toBe(E_HANDLE); // ERROR_INVALID_HANDLE
  });

  it('keeps only the low 16 bits when the code is wider', () => {
    expect(HRESULT_FROM_WIN32(0x1007a)).toBe(E_NOT_SUFFICIENT_BUFFER);
  });

  it('returns zero and negative values unchanged when given ERROR_SUCCESS or an HRESULT', () => {
    expect(HRESULT_FROM_WIN32(0)).toBe(S_OK);
    expect(HRESULT_FROM_WIN32(E_ABORT)).toBe(E_ABORT);
    expect(HRESULT_FROM_WIN32(0x80004005)).toBe(E_FAIL);
  });
});

describe('hresultToString', () => {
  it('prints the native name and the unsigned hex value when the code is known', () => {
    expect(hresultToString(E_ABORT)).toBe('E_ABORT (0x80004004)');
    expect(hresultToString(S_OK)).toBe('S_OK (0x00000000)');
    expect(hresultToString(E_POSSIBLE_DEADLOCK)).toBe('E_POSSIBLE_DEADLOCK (0x8007046B)');
  });

  it('reads an unsigned number as the same signed code when given 0x80004004 itself', () => {
    expect(hresultToString(0x80004004)).toBe('E_ABORT (0x80004004)');
  });

  it('prints hex alone, upper case and zero padded, when the code is unknown', () => {
    expect(hresultToString(0x8009abcd | 0)).toBe('0x8009ABCD');
    expect(hresultToString(0x1234)).toBe('0x00001234');
  });

  it("prints the name of another package's code when the shared @gdkts/hresult table holds it (no registration)", () => {
    const code = 0x89235108 | 0; // E_XAL_UIREQUIRED (xuser-xal.md §2.8)
    expect(hresultName(code)).toBe('E_XAL_UIREQUIRED');
    expect(hresultToString(code)).toBe('E_XAL_UIREQUIRED (0x89235108)');
    expect(hresultName(0x89990001 | 0)).toBeUndefined();
  });
});

describe('HResultError', () => {
  it('carries hr, code, operation, cause, name and a message when built with every option', () => {
    const cause = new Error('inner');
    const e = new HResultError(E_ABORT, { operation: 'XUserAddAsync', cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('HResultError');
    expect(e.hr).toBe(E_ABORT);
    expect(e.code).toBe('E_ABORT');
    expect(e.operation).toBe('XUserAddAsync');
    expect(e.cause).toBe(cause);
    expect(e.message).toBe('XUserAddAsync failed: E_ABORT (0x80004004)');
  });

  it('uses the hex form as code and message when the code is unknown and no operation is given', () => {
    const e = new HResultError(0x8009abcd);
    expect(e.hr).toBe(0x8009abcd | 0);
    expect(e.code).toBe('0x8009ABCD');
    expect(e.operation).toBeUndefined();
    expect(e.message).toBe('0x8009ABCD');
    expect('cause' in e).toBe(false);
  });
});

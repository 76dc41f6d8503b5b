/**
 * `HResultError`: fields, message, the `Symbol.for` brand that makes it recognisable across two
 * copies of the package (issue 6 §1), and `HResultError.from`.
 */
import { describe, expect, it } from 'vitest';
import {
  E_ABORT,
  E_FAIL,
  HRESULT_ERROR_BRAND,
  HResultError,
  XO_E_CONTENT_ISOLATION,
  isHResultError,
} from '@gdkts/hresult';
import type * as HResultErrorModule from '../src/HResultError.js';

describe('HResultError', () => {
  it('carries hr, code, operation, cause, name and a message when built with every option', () => {
    const cause = new Error('inner');
    const e = new HResultError(XO_E_CONTENT_ISOLATION, { operation: 'XUserAddAsync', cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('HResultError');
    expect(e.hr).toBe(0x8015dc12 | 0);
    expect(e.code).toBe('XO_E_CONTENT_ISOLATION');
    expect(e.operation).toBe('XUserAddAsync');
    expect(e.cause).toBe(cause);
    expect(e.message).toBe('XUserAddAsync failed: XO_E_CONTENT_ISOLATION (0x8015DC12)');
  });

  it('carries the Symbol.for brand on its prototype, not as an own enumerable field', () => {
    const e = new HResultError(E_ABORT);
    expect(HRESULT_ERROR_BRAND).toBe(Symbol.for('@gdkts/hresult/HResultError'));
    expect(e[HRESULT_ERROR_BRAND]).toBe(true);
    expect(Object.getOwnPropertySymbols(e)).toEqual([]);
    expect(isHResultError(e)).toBe(true);
  });

  it("recognises a plain object carrying the brand and a numeric hr, as another copy's error would be", () => {
    const foreign = { [Symbol.for('@gdkts/hresult/HResultError')]: true, hr: E_ABORT, code: 'E_ABORT' };
    expect(isHResultError(foreign)).toBe(true);
    expect(foreign instanceof HResultError).toBe(true);
    expect(HResultError.from(foreign)).toBe(foreign);
  });

  it('rejects values without the brand, or with the brand but no numeric hr', () => {
    for (const v of [
      null,
      undefined,
      0,
      'E_ABORT',
      { hr: E_ABORT },
      new Error('x'),
      { [HRESULT_ERROR_BRAND]: true, hr: '1' },
      { [HRESULT_ERROR_BRAND]: 1, hr: 1 },
    ]) {
      expect(isHResultError(v)).toBe(false);
      expect(v instanceof HResultError).toBe(false);
    }
  });

  it('recognises an error of a second module instance both ways when loaded again with a query string', async () => {
    // @ts-expect-error: a query string makes Vite load a second copy of the module; it has no declaration.
    const copy = (await import('../src/HResultError.ts?copy')) as typeof HResultErrorModule;
    expect(copy.HResultError).not.toBe(HResultError);
    const theirs = new copy.HResultError(E_ABORT, { operation: 'XAsyncRun' });
    expect(theirs instanceof HResultError).toBe(true);
    expect(isHResultError(theirs)).toBe(true);
    expect(new HResultError(E_FAIL) instanceof copy.HResultError).toBe(true);
    expect(HResultError.from(theirs)).toBe(theirs);
  });

  it('keeps instanceof a prototype test for a subclass', () => {
    class Special extends HResultError {}
    expect(new Special(E_ABORT) instanceof Special).toBe(true);
    expect(new Special(E_ABORT) instanceof HResultError).toBe(true);
    expect(new HResultError(E_ABORT) instanceof Special).toBe(false);
  });
});

describe('HResultError.from', () => {
  it('wraps anything that is not an HResultError as E_FAIL with it as cause', () => {
    const boom = new Error('boom');
    const e = HResultError.from(boom, 'XAsyncRun');
    expect(e).toBeInstanceOf(HResultError);
    expect(e.hr).toBe(E_FAIL);
    expect(e.cause).toBe(boom);
    expect(e.message).toBe('XAsyncRun failed: E_FAIL (0x80004005)');
    const bare = HResultError.from('text');
    expect(bare.operation).toBeUndefined();
    expect(bare.cause).toBe('text');
  });

  it('returns an HResultError as it is', () => {
    const e = new HResultError(E_ABORT);
    expect(HResultError.from(e, 'other')).toBe(e);
  });
});

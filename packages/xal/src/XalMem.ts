/**
 * `XalMemSetFunctions` / `XalMemGetFunctions` (xuser-xal.md §2.3, "Memory"): the allocator hooks.
 * JS memory is garbage-collected, so XAL records the title's pair and hands it back, and never
 * routes its own allocations through it; the rules on when the pair may change are native.
 *
 * @module
 */
import { E_INVALIDARG, E_POINTER, E_XAL_ALREADYINITIALIZED, S_OK, type HRESULT } from '@gdkts/hresult';
import type { Out } from '@gdkts/xasync';
import { isFunction, isOut, writeOut } from './internal/args.js';
import { xal } from './internal/runtime.js';
import { users } from './internal/users.js';

/** Mirrors `XalMemAllocFunc`: `(size, memoryType)` → a block of `size` bytes. */
export type XalMemAllocFunction = (size: number, memoryType: number) => Uint8Array | null;
/** Mirrors `XalMemFreeFunc`: `(pointer, memoryType)`. */
export type XalMemFreeFunction = (pointer: Uint8Array, memoryType: number) => void;

const defaultAlloc: XalMemAllocFunction = (size) => new Uint8Array(size);
const defaultFree: XalMemFreeFunction = () => undefined;
let current: { alloc: XalMemAllocFunction; free: XalMemFreeFunction } = { alloc: defaultAlloc, free: defaultFree };

/**
 * Mirrors `XalMemSetFunctions`: both functions, or both `null` for XAL's defaults.
 * @param memAllocFunc - [in, optional] the allocator.
 * @param memFreeFunc - [in, optional] the matching free.
 * @returns `S_OK`; `E_INVALIDARG` (one null and the other not, or not functions);
 * `E_XAL_ALREADYINITIALIZED` (XAL is initialized, or a user handle is still open).
 */
export function XalMemSetFunctions(memAllocFunc: XalMemAllocFunction | null, memFreeFunc: XalMemFreeFunction | null): HRESULT {
  const bothNull = (memAllocFunc === null || memAllocFunc === undefined) && (memFreeFunc === null || memFreeFunc === undefined);
  if (!bothNull && (!isFunction(memAllocFunc) || !isFunction(memFreeFunc))) return E_INVALIDARG;
  if (xal.runtime !== null || users.liveCount > 0) return E_XAL_ALREADYINITIALIZED;
  current = bothNull ? { alloc: defaultAlloc, free: defaultFree } : { alloc: memAllocFunc as XalMemAllocFunction, free: memFreeFunc as XalMemFreeFunction };
  return S_OK;
}

/**
 * Mirrors `XalMemGetFunctions`: the pair in use (XAL's defaults unless the title set its own).
 * @param memAllocFunc - [out] receives the allocator.
 * @param memFreeFunc - [out] receives the free function.
 * @returns `S_OK`; `E_POINTER`.
 */
export function XalMemGetFunctions(memAllocFunc: Out<XalMemAllocFunction | null>, memFreeFunc: Out<XalMemFreeFunction | null>): HRESULT {
  if (!isOut(memAllocFunc) || !isOut(memFreeFunc)) return E_POINTER;
  writeOut(memAllocFunc, current.alloc);
  writeOut(memFreeFunc, current.free);
  return S_OK;
}

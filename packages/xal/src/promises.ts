/**
 * `@gdkts/xal/promises`: XAL as Promises, over the native calls. Rejections are `HResultError`s
 * carrying the native HRESULT (`E_ABORT` when the signal aborts first).
 *
 * @packageDocumentation
 */
export {};

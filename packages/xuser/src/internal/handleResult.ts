// A result that is a handle (XUserAddResult, XUserAddByIdWithUiResult): the kit's payloads are
// bytes, so the call completes with an 8-byte payload (a pointer's size) whose writer hands the
// handle over while XAsyncGetResult runs. Not in @gdkts/xasync/provider yet (noted for the lead).
import { E_POINTER, FAILED, type HRESULT } from '@gdkts/hresult';
import { XAsyncGetResult, type Out, type XAsyncBlock } from '@gdkts/xasync';
import { isOut, writeOut, type PayloadWriter } from '@gdkts/xasync/provider';

const POINTER_BYTES = 8;
let handedOver: object | null = null;

/** A handle waiting in a call's result until the title takes it. */
export class HandleResult<H extends object> {
  readonly #handle: H;
  readonly #close: (handle: H) => void;
  #taken = false;
  constructor(handle: H, close: (handle: H) => void) {
    this.#handle = handle;
    this.#close = close;
  }
  /** The call's payload. */
  get payload(): PayloadWriter {
    return {
      size: POINTER_BYTES,
      write: () => {
        this.#taken = true;
        handedOver = this.#handle;
      },
    };
  }
  /** Cleanup: a handle nobody took is closed. */
  dispose(): void {
    if (!this.#taken) this.#close(this.#handle);
  }
}

/**
 * The `…Result(async, handle)` half: XAsyncGetResult with the call's identity, then the handle.
 * @returns the call's status; E_POINTER without an out-parameter (nothing consumed); what
 * XAsyncGetResult returns otherwise.
 */
export function takeHandleResult<H extends object>(asyncBlock: XAsyncBlock, identity: unknown, handle: Out<H | null>, close: (handle: H) => void): HRESULT {
  if (!isOut(handle)) return E_POINTER;
  writeOut(handle, null);
  handedOver = null;
  const hr = XAsyncGetResult(asyncBlock, identity, POINTER_BYTES, new Uint8Array(POINTER_BYTES), null);
  const taken = handedOver as H | null;
  handedOver = null;
  if (FAILED(hr) || taken === null) return hr;
  if (!writeOut(handle, taken)) {
    close(taken);
    return E_POINTER;
  }
  return hr;
}

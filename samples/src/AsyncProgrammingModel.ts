/**
 * S9 — programming-model listings from the GDK docs (samples.md §2 S9, §3.1, §3.4–3.6), the ports:
 * "Asynchronous Programming Model" (`XGameSaveGetRemainingQuotaAsync` usage, `FactorialAsync`),
 * the XAsyncProvider examples ("Set up custom provider", "Set up invocation methods", "Set up return
 * data", "Set up cancelability") and the XAsync examples ("Set up async task", "Run simple task").
 *
 * The listings are fragments; each is ported as printed and completed only where it cannot run
 * otherwise (`// native (listing):` says what was filled in). `XGameSaveGetRemainingQuotaAsync` /
 * `…Result` are stand-ins built the way the docs say every GDK async API is built (XAsyncBegin +
 * XAsyncSchedule + XAsyncComplete with a payload, a typed XAsyncGetResult wrapper); there is no
 * game-save service here. Run them with `pnpm sample S9` (./S9.programmingModel.ts); their test is
 * samples/test/S9.programmingModel.test.ts.
 * @module
 */
import {
  E_ABORT,
  E_PENDING,
  S_OK,
  SUCCEEDED,
  XAsyncBegin,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncOp,
  XAsyncSchedule,
  type HRESULT,
  type Out,
  type XAsyncBlock,
  type XAsyncProvider,
} from '@gdkts/xasync';
import { WAIT_TIMEOUT, WaitForSingleObject, type Win32Event } from './helpers.js';

/** `sizeof(int64_t)`. */
export const sizeof_int64_t = 8;

// ---------------------------------------------------------------------------------------------
// Stand-in for a GDK API pair, written as the programming-model page describes them.
// ---------------------------------------------------------------------------------------------

export interface XGameSaveProviderHandle {
  remainingQuota: number;
}

export function XGameSaveGetRemainingQuotaAsync(provider: XGameSaveProviderHandle, async: XAsyncBlock): HRESULT {
  return XAsyncBegin(
    async,
    provider,
    XGameSaveGetRemainingQuotaAsync,
    'XGameSaveGetRemainingQuotaAsync',
    (op, data) => {
      switch (op) {
        case XAsyncOp.Begin:
          return XAsyncSchedule(data.async, 0);
        case XAsyncOp.DoWork:
          XAsyncComplete(data.async, S_OK, sizeof_int64_t);
          return S_OK;
        case XAsyncOp.GetResult:
          new DataView(data.buffer!.buffer, data.buffer!.byteOffset).setBigInt64(
            0,
            BigInt((data.context as XGameSaveProviderHandle).remainingQuota),
            true,
          );
          return S_OK;
        default:
          return S_OK;
      }
    },
  );
}

export function XGameSaveGetRemainingQuotaResult(async: XAsyncBlock, remainingQuota: Out<number>): HRESULT {
  const buffer = new Uint8Array(sizeof_int64_t);
  const hr = XAsyncGetResult(async, XGameSaveGetRemainingQuotaAsync, sizeof_int64_t, buffer, null);
  if (SUCCEEDED(hr)) remainingQuota.value = Number(new DataView(buffer.buffer).getBigInt64(0, true));
  return hr;
}

// ---------------------------------------------------------------------------------------------
// "Asynchronous Programming Model": FactorialAsync
// ---------------------------------------------------------------------------------------------

export function Factorial(value: bigint): bigint {
  let result = 1n;

  while (value !== 0n) {
    result *= value;
    value--;
  }

  return result;
}

export function FactorialAsync(value: bigint, async: XAsyncBlock): HRESULT {
  interface CallData {
    value: bigint;
    result: bigint;
  }

  const data: CallData = { value, result: 1n }; // native: new CallData()

  const hr = XAsyncBegin(async, data, FactorialAsync, 'FactorialAsync', (op, data) => {
    const d = data.context as CallData;

    switch (op) {
      case XAsyncOp.Begin:
        return XAsyncSchedule(data.async, 0);

      case XAsyncOp.Cleanup:
        // native: delete d;
        break;

      case XAsyncOp.GetResult:
        new DataView(data.buffer!.buffer, data.buffer!.byteOffset).setBigUint64(0, d.result, true); // native: CopyMemory
        break;

      case XAsyncOp.DoWork:
        d.result = Factorial(d.value); // native (listing): `data->result = Factorial(data.Value)` does not compile; the context is meant
        XAsyncComplete(data.async, S_OK, 8 /* sizeof(UINT64) */);
        break;

      default:
        // Cancel: the work is one uninterruptible DoWork, so there is nothing to stop; S_OK below.
        break;
    }

    return S_OK;
  });

  return hr;
}

export function FactorialAsyncResult(async: XAsyncBlock, result: Out<bigint>): HRESULT {
  const buffer = new Uint8Array(8);
  // native (listing): XAsyncGetResult(async, FactorialAsync, sizeof(UINT64), result) has no bufferUsed argument.
  const hr = XAsyncGetResult(async, FactorialAsync, 8, buffer, null);
  if (SUCCEEDED(hr)) result.value = new DataView(buffer.buffer).getBigUint64(0, true);
  return hr;
}

// ---------------------------------------------------------------------------------------------
// XAsyncProvider examples: custom provider, invocation method, return data
// ---------------------------------------------------------------------------------------------

export const ProviderFuncIdentity = Symbol('ProviderFuncIdentity');

/** "Set up custom provider": the provider body, with the identity the listing passes. */
export function beginCustomProvider(async: XAsyncBlock, identity: unknown, ops: string[]): HRESULT {
  interface Context {
    result: bigint;
  }

  const context: Context = { result: 0n }; // native: new Context{ 0 }
  // Assume that the async block is already filled out with the completion callback and task queue.
  const hr = XAsyncBegin(async, context, identity, 'CustomProviderMethodAsync', (op, providerData) => {
    ops.push(['Begin', 'DoWork', 'GetResult', 'Cancel', 'Cleanup'][op]!);
    const context = providerData.context as Context;
    switch (op) {
      case XAsyncOp.Begin:
        return XAsyncSchedule(providerData.async, 0);

      case XAsyncOp.Cleanup:
        // native: delete context;
        break;

      case XAsyncOp.GetResult:
        new DataView(providerData.buffer!.buffer, providerData.buffer!.byteOffset).setBigUint64(
          0,
          context.result,
          true,
        ); // native: memcpy
        break;

      case XAsyncOp.DoWork:
        context.result = 12345678n;
        XAsyncComplete(providerData.async, S_OK, 8 /* sizeof(uint64_t) */);
        break;

      case XAsyncOp.Cancel:
        // This call can't be canceled.
        break;
    }

    return S_OK;
  });
  return hr;
}

/** "Set up invocation methods": the provider behind a GDK-style method whose identity is the method itself. */
export function CustomProviderMethodAsync(async: XAsyncBlock, ops: string[] = []): HRESULT {
  return beginCustomProvider(async, CustomProviderMethodAsync, ops);
}

/** "Set up return data". */
export function CustomProviderMethodAsyncResult(async: XAsyncBlock, outResult: Out<bigint>): HRESULT {
  const buffer = new Uint8Array(8);
  const hr = XAsyncGetResult(async, CustomProviderMethodAsync, 8 /* sizeof(uint64_t) */, buffer, null);
  if (SUCCEEDED(hr)) outResult.value = new DataView(buffer.buffer).getBigUint64(0, true);
  return hr;
}

// ---------------------------------------------------------------------------------------------
// "Set up cancelability"
// ---------------------------------------------------------------------------------------------

export interface CancelableCallData {
  cancelEvent: Win32Event;
  /** native (listing): "Continue doing normal work. Should break if completed." — the work is N passes. */
  passesLeft: number;
  log: string[];
}

export function CancelableAsync(async: XAsyncBlock, callData: CancelableCallData): HRESULT {
  // Provider callback.
  const provider: XAsyncProvider = (op, providerData) => {
    const callData = providerData.context as CancelableCallData;
    switch (op) {
      case XAsyncOp.Begin:
        return XAsyncSchedule(providerData.async, 0); // native (listing): "Other cases"

      case XAsyncOp.DoWork: {
        let canceled = false;
        // native (listing): `while (true)` spins on one worker thread. Here each pass of the loop is one
        // DoWork: the provider reschedules itself and returns E_PENDING until it is done or canceled.
        {
          const waitResult = WaitForSingleObject(callData.cancelEvent, 0);
          if (waitResult !== WAIT_TIMEOUT) {
            canceled = true;
          } else {
            // Continue doing normal work. Should break if completed.
            callData.log.push('work pass');
            if (--callData.passesLeft > 0) {
              XAsyncSchedule(providerData.async, 0);
              return E_PENDING;
            }
          }
        }

        if (canceled) {
          XAsyncComplete(providerData.async, E_ABORT, 0);
        } else {
          XAsyncComplete(providerData.async, S_OK, 0);
        }

        break;
      }

      case XAsyncOp.Cancel:
        callData.log.push('Cancel op');
        callData.cancelEvent.set(); // native: SetEvent(callData->cancelEvent)
        break;

      default:
        // Other cases (GetResult: no payload; Cleanup: the caller owns callData): nothing to do, S_OK below.
        break;
    }
    return S_OK;
  };
  return XAsyncBegin(async, callData, CancelableAsync, 'CancelableAsync', provider);
}

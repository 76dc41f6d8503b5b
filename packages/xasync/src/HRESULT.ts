/**
 * HRESULT values and helpers, as in the Windows SDK / GDK headers (`winerror.h`, `XGameErr.h`,
 * libHttpClient `pal.h`): the ones xasync returns, re-exported from `@gdkts/hresult`, the one table
 * every gdkts package shares.
 *
 * An HRESULT is a `number` holding the signed 32-bit value: `E_ABORT === (0x80004004 | 0)`.
 * @module
 */
export {
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
  type HRESULT,
  type HResultErrorOptions,
} from '@gdkts/hresult';

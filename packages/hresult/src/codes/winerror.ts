/**
 * The generic codes of `winerror.h` the contract and the notes name (`xasync-api.md` §2,
 * `xuser-xal.md` §1.8, §1.4), including the WinINet network errors (`HRESULT_FROM_WIN32(ERROR_INTERNET_*)`).
 * Data only: constants and one frozen table.
 * @module
 */
import type { HRESULT } from '../HRESULT.js';
import type { HResultEntry } from '../HResultEntry.js';

/** `S_OK` (0x00000000): success. */
export const S_OK: HRESULT = 0;
/** `S_FALSE` (0x00000001): success, with a "false" meaning. Any non-negative value is a success. */
export const S_FALSE: HRESULT = 1;
/** `E_PENDING` (0x8000000A): the call has not finished; from a provider's DoWork, "more work to do". */
export const E_PENDING: HRESULT = 0x8000000a | 0;
/** `E_ABORT` (0x80004004): the call was canceled, or its queue is terminating or terminated. */
export const E_ABORT: HRESULT = 0x80004004 | 0;
/** `E_FAIL` (0x80004005): unspecified failure. User code that throws completes its call with it. */
export const E_FAIL: HRESULT = 0x80004005 | 0;
/** `E_INVALIDARG` (0x80070057): an argument is invalid (block in use, identity mismatch, bad value). */
export const E_INVALIDARG: HRESULT = 0x80070057 | 0;
/** `E_POINTER` (0x80004003): a required out-parameter or callback is missing. */
export const E_POINTER: HRESULT = 0x80004003 | 0;
/** `E_HANDLE` (0x80070006): the value is not a live handle (`HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE)`). */
export const E_HANDLE: HRESULT = 0x80070006 | 0;
/** `E_NOTIMPL` (0x80004001): not implemented. */
export const E_NOTIMPL: HRESULT = 0x80004001 | 0;
/** `E_UNEXPECTED` (0x8000FFFF): a schedule is already pending, or DoWork succeeded without completing. */
export const E_UNEXPECTED: HRESULT = 0x8000ffff | 0;
/** `E_OUTOFMEMORY` (0x8007000E): allocation failed, or a registration limit (monitors, waiters) was hit. */
export const E_OUTOFMEMORY: HRESULT = 0x8007000e | 0;
/** `E_ILLEGAL_METHOD_CALL` (0x8000000E): the result of this call was already handed out. */
export const E_ILLEGAL_METHOD_CALL: HRESULT = 0x8000000e | 0;
/** `E_NOT_SUFFICIENT_BUFFER` (0x8007007A): the buffer is too small (`HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)`). */
export const E_NOT_SUFFICIENT_BUFFER: HRESULT = 0x8007007a | 0;
/** `E_NOT_SUPPORTED` (0x80070032): the operation is not supported (`HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)`). */
export const E_NOT_SUPPORTED: HRESULT = 0x80070032 | 0;
/** `E_NO_TASK_QUEUE` (0x800701AB): no queue given and the process task queue is disabled (`HRESULT_FROM_WIN32(ERROR_NO_TASK_QUEUE)`). */
export const E_NO_TASK_QUEUE: HRESULT = 0x800701ab | 0;
/** `E_TIME_CRITICAL_THREAD` (0x800701A0): a blocking call was made on a time-critical thread (GDK). */
export const E_TIME_CRITICAL_THREAD: HRESULT = 0x800701a0 | 0;
/** `E_INVALID_STATE` (0x8007139F): the object is in the wrong state for the call (`HRESULT_FROM_WIN32(ERROR_INVALID_STATE)`). */
export const E_INVALID_STATE: HRESULT = 0x8007139f | 0;
/** `E_POSSIBLE_DEADLOCK` (0x8007046B): gdkts: a synchronous wait could only finish through work that cannot run while the caller blocks (`HRESULT_FROM_WIN32(ERROR_POSSIBLE_DEADLOCK)`); use the awaitable twin. */
export const E_POSSIBLE_DEADLOCK: HRESULT = 0x8007046b | 0;
/** `E_NOTFOUND` (0x80070490): no element matches (`HRESULT_FROM_WIN32(ERROR_NOT_FOUND)`; `XUserFindUserByLocalId`). Primary name as the XUser documentation spells it (`xuser-xal.md` §1.4). */
export const E_NOTFOUND: HRESULT = 0x80070490 | 0;
/** `E_NOT_FOUND` (0x80070490): an alias of {@link E_NOTFOUND}: no element matches (`HRESULT_FROM_WIN32(ERROR_NOT_FOUND)`; `XUserFindUserByLocalId`). */
export const E_NOT_FOUND: HRESULT = E_NOTFOUND;
/** `WININET_E_NAME_NOT_RESOLVED` (0x80072EE7): the server name could not be resolved (network). */
export const WININET_E_NAME_NOT_RESOLVED: HRESULT = 0x80072ee7 | 0;
/** `WININET_E_CANNOT_CONNECT` (0x80072EFD): the connection to the server could not be made (network). */
export const WININET_E_CANNOT_CONNECT: HRESULT = 0x80072efd | 0;
/** `WININET_E_CONNECTION_ABORTED` (0x80072EFE): the connection to the server was aborted (network). */
export const WININET_E_CONNECTION_ABORTED: HRESULT = 0x80072efe | 0;
/** `WININET_E_DECODING_FAILED` (0x80072F8F): the content could not be decoded (network). */
export const WININET_E_DECODING_FAILED: HRESULT = 0x80072f8f | 0;

/** The winerror rows of the table (facilities `NULL` and `WIN32`). */
export const WINERROR_CODES: readonly HResultEntry[] = Object.freeze([
  Object.freeze({ name: 'S_OK', value: S_OK, facility: 0x0, meaning: 'success.' }),
  Object.freeze({
    name: 'S_FALSE',
    value: S_FALSE,
    facility: 0x0,
    meaning: 'success, with a "false" meaning. Any non-negative value is a success.',
  }),
  Object.freeze({
    name: 'E_PENDING',
    value: E_PENDING,
    facility: 0x0,
    meaning: 'the call has not finished; from a provider\'s DoWork, "more work to do".',
  }),
  Object.freeze({
    name: 'E_ABORT',
    value: E_ABORT,
    facility: 0x0,
    meaning: 'the call was canceled, or its queue is terminating or terminated.',
  }),
  Object.freeze({
    name: 'E_FAIL',
    value: E_FAIL,
    facility: 0x0,
    meaning: 'unspecified failure. User code that throws completes its call with it.',
  }),
  Object.freeze({
    name: 'E_INVALIDARG',
    value: E_INVALIDARG,
    facility: 0x7,
    meaning: 'an argument is invalid (block in use, identity mismatch, bad value).',
  }),
  Object.freeze({
    name: 'E_POINTER',
    value: E_POINTER,
    facility: 0x0,
    meaning: 'a required out-parameter or callback is missing.',
  }),
  Object.freeze({
    name: 'E_HANDLE',
    value: E_HANDLE,
    facility: 0x7,
    meaning: 'the value is not a live handle (`HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE)`).',
  }),
  Object.freeze({ name: 'E_NOTIMPL', value: E_NOTIMPL, facility: 0x0, meaning: 'not implemented.' }),
  Object.freeze({
    name: 'E_UNEXPECTED',
    value: E_UNEXPECTED,
    facility: 0x0,
    meaning: 'a schedule is already pending, or DoWork succeeded without completing.',
  }),
  Object.freeze({
    name: 'E_OUTOFMEMORY',
    value: E_OUTOFMEMORY,
    facility: 0x7,
    meaning: 'allocation failed, or a registration limit (monitors, waiters) was hit.',
  }),
  Object.freeze({
    name: 'E_ILLEGAL_METHOD_CALL',
    value: E_ILLEGAL_METHOD_CALL,
    facility: 0x0,
    meaning: 'the result of this call was already handed out.',
  }),
  Object.freeze({
    name: 'E_NOT_SUFFICIENT_BUFFER',
    value: E_NOT_SUFFICIENT_BUFFER,
    facility: 0x7,
    meaning: 'the buffer is too small (`HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)`).',
  }),
  Object.freeze({
    name: 'E_NOT_SUPPORTED',
    value: E_NOT_SUPPORTED,
    facility: 0x7,
    meaning: 'the operation is not supported (`HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)`).',
  }),
  Object.freeze({
    name: 'E_NO_TASK_QUEUE',
    value: E_NO_TASK_QUEUE,
    facility: 0x7,
    meaning: 'no queue given and the process task queue is disabled (`HRESULT_FROM_WIN32(ERROR_NO_TASK_QUEUE)`).',
  }),
  Object.freeze({
    name: 'E_TIME_CRITICAL_THREAD',
    value: E_TIME_CRITICAL_THREAD,
    facility: 0x7,
    meaning: 'a blocking call was made on a time-critical thread (GDK).',
  }),
  Object.freeze({
    name: 'E_INVALID_STATE',
    value: E_INVALID_STATE,
    facility: 0x7,
    meaning: 'the object is in the wrong state for the call (`HRESULT_FROM_WIN32(ERROR_INVALID_STATE)`).',
  }),
  Object.freeze({
    name: 'E_POSSIBLE_DEADLOCK',
    value: E_POSSIBLE_DEADLOCK,
    facility: 0x7,
    meaning:
      'gdkts: a synchronous wait could only finish through work that cannot run while the caller blocks (`HRESULT_FROM_WIN32(ERROR_POSSIBLE_DEADLOCK)`); use the awaitable twin.',
  }),
  Object.freeze({
    name: 'E_NOTFOUND',
    value: E_NOTFOUND,
    facility: 0x7,
    meaning: 'no element matches (`HRESULT_FROM_WIN32(ERROR_NOT_FOUND)`; `XUserFindUserByLocalId`).',
    aliases: Object.freeze(['E_NOT_FOUND']),
  }),
  Object.freeze({
    name: 'WININET_E_NAME_NOT_RESOLVED',
    value: WININET_E_NAME_NOT_RESOLVED,
    facility: 0x7,
    meaning: 'the server name could not be resolved (network).',
  }),
  Object.freeze({
    name: 'WININET_E_CANNOT_CONNECT',
    value: WININET_E_CANNOT_CONNECT,
    facility: 0x7,
    meaning: 'the connection to the server could not be made (network).',
  }),
  Object.freeze({
    name: 'WININET_E_CONNECTION_ABORTED',
    value: WININET_E_CONNECTION_ABORTED,
    facility: 0x7,
    meaning: 'the connection to the server was aborted (network).',
  }),
  Object.freeze({
    name: 'WININET_E_DECODING_FAILED',
    value: WININET_E_DECODING_FAILED,
    facility: 0x7,
    meaning: 'the content could not be decoded (network).',
  }),
]);

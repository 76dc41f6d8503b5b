/**
 * The shape of one row of the code tables under `codes/`.
 * @module
 */
import type { HRESULT } from './HRESULT.js';

/** One named HRESULT of the gdkts table. */
export interface HResultEntry {
  /** The primary native name (`"E_ABORT"`). */
  readonly name: string;
  /** The signed 32-bit value. */
  readonly value: HRESULT;
  /** The facility number ({@link FACILITY}), as the value's bits 16–26 give it. */
  readonly facility: number;
  /** One line: what the code means. */
  readonly meaning: string;
  /** Other native names for the same value (`E_GAMEUSER_USER_NOT_IN_SANDBOX` for `XO_E_CONTENT_ISOLATION`). */
  readonly aliases?: readonly string[];
}

/**
 * The facilities the table's codes belong to, as `as const` numbers.
 * `XBOX_ONLINE`, `AUTH_MANAGER` and `HTTP_CLIENT` are gdkts's labels for the Xbox services facilities
 * (`xuser-xal.md` §1.8, §2.8).
 */
export const FACILITY = Object.freeze({
  /** `FACILITY_NULL` (0): the generic COM codes. */
  NULL: 0,
  /** `FACILITY_WIN32` (7): `HRESULT_FROM_WIN32(ERROR_*)`, including the WinINet errors. */
  WIN32: 7,
  /** 0x15: the Xbox Live services (XSTS `XO_E_*`). */
  XBOX_ONLINE: 0x15,
  /** `FACILITY_ONLINE_ID` (134 = 0x86): Microsoft account (`ONL_E_*`). */
  ONLINE_ID: 0x86,
  /** 0x7DD: the AuthManager (`AM_E_*`). */
  AUTH_MANAGER: 0x7dd,
  /** 0x923: libHttpClient's `MAKE_E_HC` facility, shared by XAL (`E_XAL_*`) and XSAPI (`E_XBL_*`). */
  HTTP_CLIENT: 0x923,
  /** 0x924 (2340): the game runtime (`E_GAMERUNTIME_*`, `E_GAMEUSER_*`, `XGameErr.h`). */
  GAME_RUNTIME: 0x924,
} as const);

/** The name of one {@link FACILITY}. */
export type FACILITY = keyof typeof FACILITY;

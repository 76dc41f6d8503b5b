/**
 * `@gdkts/identity`: the identity engine `@gdkts/xuser` and `@gdkts/xal` share. A
 * {@link UserSession} is one title process's view of the device's accounts, the users it added, their
 * sign-in state and change events, and their tokens; it answers with reasons (`noDefaultUser`,
 * `noTokenRequired`, …), never HRESULTs, and uses no native names. The token result buffer layout
 * both native APIs return is written here once.
 *
 * @example
 * ```ts no-check
 * import { UserSession } from '@gdkts/identity';
 * const session = new UserSession({ xsts, title, device, accounts: [alice] });
 * const added = await session.addUser({ mode: 'silent' });
 * if (added.ok) {
 *   session.retain(added.user);
 *   const result = await session.getTokenAndSignature(added.user, { method: 'GET', url: 'https://api.contoso.com/items' });
 * }
 * ```
 * @packageDocumentation
 */
export {
  AudioEndpointKind,
  PrivilegeDenyReason,
  UserChange,
  UserSession,
  UserState,
  type AddUserFailure,
  type AudioEndpointEvent,
  type AudioEndpointOptions,
  type DeviceAssociationEvent,
  type FindControllerResult,
  type InputDeviceOptions,
  type AddUserRequest,
  type AddUserResult,
  type DeviceAccountOptions,
  type PrivilegeCheck,
  type ResolveResult,
  type SessionUser,
  type SignOutDeferral,
  type TokenAndSignatureRequest,
  type TokenAndSignatureResult,
  type TokenFailure,
  type UserChangeEvent,
  type UserSessionOptions,
} from './UserSession.js';
export {
  TOKEN_REFRESH_WINDOW_MS,
  TokenCache,
  type CachedToken,
  type TokenCacheKey,
  type TokenFetchResult,
} from './TokenCache.js';
export {
  TOKEN_RESULT_HEADER_BYTES,
  encodeTokenResult,
  tokenResultData,
  tokenResultUtf16Data,
  writeTokenResult,
  type EncodedTokenResult,
  type TokenResultData,
  type TokenResultEncoding,
  type TokenResultUtf16Data,
} from './TokenResultBuffer.js';
export {
  acceptAllUi,
  scriptedUi,
  type ControllerPrompt,
  type ControllerUiHandler,
  type ScriptedUi,
  type UiHandler,
  type UiPrompt,
  type UiResponse,
} from './UiScript.js';
export { GAMER_PICTURE_SIZES, crc32, encodeGamerPicture, encodePng } from './GamerPicture.js';

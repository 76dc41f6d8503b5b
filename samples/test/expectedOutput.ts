/**
 * What the runnable samples print, line for line: asserted on `pnpm sample <name>`'s stdout by
 * run.test.ts and, where the sample's test runs the same flow in-process, by that test.
 */
import { ALICE_XUID } from '../src/ApiExplorerXal.js';

/** `pnpm sample S7`: the PlayFab kit's log plus the two values the game reads. */
export const S7_LINES: readonly string[] = [
  'Calling PFServicesInitialize',
  'Calling PFServiceConfigCreateHandle',
  'Calling XUserGetTokenAndSignatureAsync',
  'Calling XUserGetTokenAndSignatureResult',
  'GetXboxToken() = XBL3.0 x=2814639011617876;token-for-https://playfabapi.com',
  'Calling PFAuthenticationLoginWithXUserAsync',
  'PFEntityGetEntityKey',
  'GetPlayerEntityKey() = { id: E-A1B2C, type: title_player_account }',
  'PFEntityCloseHandle',
  'PFServiceConfigCloseHandle',
  'PFServicesUninitializeAsync',
];

/** The second half of `pnpm sample S7`: RequestXUserToken on `@gdkts/xuser` (S7.xuser.test.ts). */
export const S7_XUSER_LINES: readonly string[] = [
  'Calling XUserGetTokenAndSignatureAsync',
  'Calling XUserGetTokenAndSignatureResult',
  'GetXboxToken() = XBL3.0 x=<userhash>;<token>', // the token matched /^XBL3\.0 x=(\d+);/
  'signature: nullptr (playfabapi.com has no signature policy)',
];

/** What the flow prints: `pnpm sample S12` and S12.xalSignIn.test.ts. */
export const S12_LINES: readonly string[] = [
  'XTaskQueueCreate: hr=0x00000000',
  'XalPlatformWebSetEventHandler: hr=0x00000000',
  'XalPlatformStorageSetEventHandlers: hr=0x00000000',
  'XalInitialize: hr=0x00000000',
  'XalUserRegisterChangeEventHandler: hr=0x00000000',
  'XalTryAddDefaultUserSilentlyAsync: hr=0x00000000',
  '(five event-loop turns without dispatching)', // nothing ran before the work thread and the game loop dispatch
  'XalTryAddDefaultUserSilentlyResult: hr=0x89235108 user=null',
  'XalAddUserWithUiAsync: hr=0x00000000',
  'XalPlatformWebShowUrl: type=Normal', // the sign-in page
  'XalAddUserWithUiResult: hr=0x00000000 user=handle',
  'XalUserGetGamertag: hr=0x00000000 XalUserGetId: hr=0x00000000',
  `gamertag=Alice xuid=${ALICE_XUID}`,
  'XalUserGetTokenAndSignatureSilentlyAsync: hr=0x00000000',
  'token: hr=0x00000000 bufferSize=n result=0x00000000 signed=true',
  'XalUserResolveIssueWithUiAsync: hr=0x00000000',
  'resolve: hr=0x00000000',
  'XalSignOutUserAsyncIsPresent: true',
  'XalSignOutUserAsync: hr=0x00000000',
  'XalPlatformWebShowUrl: type=CookieRemovalSkipIfSharedCredentials', // cookie removal
  'XalUserChangeEventHandler: change=SigningOut',
  'XalUserChangeEventHandler: change=SignedOut',
  'signout: hr=0x00000000',
  'XalCleanupAsync: hr=0x00000000',
  'cleanup: hr=0x00000000',
];

/** A gamer-picture line with its size blanked (the PNG's compressed size is zlib's business): `picture: … bytes`. */
export const samePicture = (line: string): string => line.replace(/^picture: \d+ bytes$/, 'picture: … bytes');

/** Controller 1's and controller 2's ids as SimpleUserModel.cpp prints them (eight little-endian 32-bit words). */
const CONTROLLER_1 = '04030201-08070605-0c0b0a09-100f0e0d-14131211-18171615-1c1b1a19-201f1e1d';
const CONTROLLER_2 = '24232221-28272625-2c2b2a29-302f2e2d-34333231-38373635-3c3b3a39-403f3e3d';

/** `pnpm sample S4`, pictures blanked by {@link samePicture}. */
export const S4_LINES: readonly string[] = [
  // the system pairs a free controller with the user the title adds
  `UserDeviceAssociationChangedCallback() : deviceId = ${CONTROLLER_1}, oldUser = 0x0, newUser = 0x1000`,
  'gamertag: Simple#42',
  'picture: … bytes',
  'UserChangeEventCallback() : userLocalId = 0x1000, event = 3', // XUserChangeEvent::Gamertag
  'gamertag: Simpler#7',
  'picture: … bytes',
  'UserChangeEventCallback() : userLocalId = 0x1000, event = 4', // XUserChangeEvent::GamerPicture
  'gamertag: Simpler#7',
  'picture: … bytes',
  '(console: controller 1 unpaired from Simple)',
  `UserDeviceAssociationChangedCallback() : deviceId = ${CONTROLLER_1}, oldUser = 0x1000, newUser = 0x0`,
  '(find-controller UI for Simple: dismissed)', // XUserFindControllerForUserWithUiResult: E_ABORT, the loop starts again
  '(find-controller UI for Simple: controller 2 picked up)',
  `UserDeviceAssociationChangedCallback() : deviceId = ${CONTROLLER_2}, oldUser = 0x0, newUser = 0x1000`,
  `Found deviceId:  deviceId = ${CONTROLLER_2}`,
];

/** `pnpm sample S5`. */
export const S5_LINES: readonly string[] = [
  'TryStartSignInAsync(autoDefault=true, allowGuests=false) = true',
  'Sign-in Callback : UserLocalId: 0, Result = 0x89245106', // E_GAMEUSER_NO_DEFAULT_USER
  'screen: TryStartSignInAsync(None) = true',
  'Sign-in Callback : UserLocalId: 1000, Result = 0x00000000',
  'screen: menu',
  'TryStartSignInAsync(autoDefault=false, allowGuests=false) = true',
  'Sign-in Callback : UserLocalId: 0, Result = 0x80004004', // E_ABORT: the user dismissed the picker
  'no user: the picker was dismissed',
  'TryStartSignInAsync(autoDefault=false, allowGuests=true) = true',
  'Sign-in Callback : UserLocalId: 1000, Result = 0x00000000',
  'XUserCompare(existing, newUser) == 0: XUserCloseHandle(newUser), keeping the existing handle',
  'screen: menu',
  'users: 1',
  'Aborting gamerpic request…',
  'aborted callback fired: 0x80004004', // E_ABORT
  'pictures delivered: 0',
  'SigningOut deferral: 0x00000000',
  'XUserCloseSignOutDeferralHandle',
  'screen notified of sign-out',
  'user removed',
  'users: 0',
];

/** A 200 response's body size blanked (the claims echo the device's and the token's ids): `status 200, body … bytes`. */
export const sameBodySize = (line: string): string =>
  line.replace(/^status 200, body \d+ bytes$/, 'status 200, body … bytes');

/** `pnpm sample S6`, the 200's body size blanked by {@link sameBodySize}. */
export const S6_LINES: readonly string[] = [
  'XUserAddAsync(AddDefaultUserSilently): hr=0x00000000',
  'XUserAddAsync(AddDefaultUserSilently): hr=0x00000000',
  'XUserAddResult: hr=0x00000000',
  'user changed: HttpUser (2814650000000042)',
  'XUserAddResult: hr=0x00000000',
  'user changed: HttpUser (2814650000000042)',
  'XUserGetTokenAndSignatureAsync(None, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 200',
  'status 200, body … bytes',
  'claims: xid=2814650000000042 gtg=HttpUser',
  'Request completed.',
  'token fetches: 3',
  'XUserGetTokenAndSignatureAsync(None, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'XUserGetTokenAndSignatureAsync(ForceRefresh, POST, /api/getclaims): hr=0x00000000',
  'send: Authorization XBL3.0 x=…, Signature present',
  'HTTP 401',
  'status 401, body 0 bytes',
  'Request completed.',
];

/** `pnpm sample S8`. */
export const S8_LINES: readonly string[] = [
  'AddUser(allowGuests=false, silent=true): hr=0x00000000',
  'LoadGamerPicAsync',
  'AddUser(allowGuests=false, silent=true): hr=0x00000000',
  'User already in list',
  'AddUser(allowGuests=true, silent=true): hr=0x80070057', // E_INVALIDARG: AllowGuests with AddDefaultUserSilently, refused at the start
  'RequestTokenAsync(api.contoso.test, forceRefresh=false): hr=0x00000000',
  'Token: XBL3.0 x=<userhash>;<token>',
  'Signature: <signature>', // api.contoso.test has a signature policy
  'RequestTokenAsync(nosig.contoso.test, forceRefresh=true): hr=0x00000000',
  'Token: XBL3.0 x=<userhash>;<token>', // and no Signature line: nosig.contoso.test has none
  'AddUser(allowGuests=false, silent=true): hr=0x00000000',
  'AddUser(allowGuests=true, silent=false): hr=0x00000000',
  'LoadGamerPicAsync',
  'LoadGamerPicAsync',
  'deferral taken',
  'guest dropped',
  'LoadGamerPicAsync',
  'XUserUnregisterForChangeEvent: true',
];

/** `pnpm sample S9`. */
export const S9_LINES: readonly string[] = [
  '-- "Asynchronous Programming Model": calling XGameSaveGetRemainingQuotaAsync',
  '  XGameSaveGetRemainingQuotaAsync(providerHandle, b) -> S_OK',
  '  XGameSaveGetRemainingQuotaResult before it completed -> E_PENDING',
  '  XTaskQueueDispatch(queue, Work, 0) -> true',
  '  [callback] XGameSaveGetRemainingQuotaResult -> S_OK: Remaining quota: 1048576',
  '  XTaskQueueDispatch(queue, Completion, 0) -> true',
  '  XGameSaveGetRemainingQuotaResult a second time -> E_ILLEGAL_METHOD_CALL',
  '-- "Asynchronous Programming Model": FactorialAsync on the process queue, waited on',
  '  FactorialAsync(20, async) -> S_OK',
  '  XAsyncGetStatus(async, true) -> S_OK',
  '  FactorialAsyncResult(async, &result) -> S_OK: result 2432902008176640000',
  '-- XAsyncProvider examples: the custom provider, its invocation method and return data',
  '  CustomProviderMethodAsync(async) -> S_OK',
  '  [callback] CustomProviderMethodAsyncResult -> S_OK: 12345678',
  '  provider ops: Begin, DoWork, GetResult, Cleanup',
  '-- XAsyncProvider examples: "Set up cancelability"',
  '  CancelableAsync(async, callData) -> S_OK',
  '  after XAsyncCancel: work pass, work pass, Cancel op; XAsyncGetStatus -> E_PENDING',
  '  [callback] XAsyncGetStatus(async, false) -> E_ABORT',
  '-- XAsync examples: "Set up async task" + "Run simple task"',
  '  XAsyncRun(async, work returning 0x12345678) -> S_OK',
  '  [callback] XAsyncGetStatus(async, false) -> 0x12345678',
];

/** `pnpm sample S10`. */
export const S10_LINES: readonly string[] = [
  '-- "Creating a manual task queue"',
  'Worker invoked on thread work thread. Cancel? 0.',
  'Completion invoked on thread completion thread. Cancel? 0.',
  'XTaskQueueTerminate (awaited) -> S_OK',
  '-- "Using a task queue with a Windows message loop" (BackgroundWork on the Completion port, as listed)',
  'window text: 00:00:01',
  '[thread] message WM_CREATE on UI thread',
  '[thread] message WM_LBUTTONDOWN on UI thread',
  '[thread] message WM_QUEUE_COMPLETION on UI thread',
  '[thread] BackgroundWork on UI thread cancel=false',
  '[thread] message WM_QUEUE_COMPLETION on UI thread',
  '[thread] WorkCompletion on UI thread cancel=false',
  '[thread] message WM_CLOSE on UI thread',
  '[thread] message WM_QUEUE_COMPLETION on UI thread',
  '[thread] termination callback on UI thread',
  '[thread] message WM_DESTROY on UI thread',
  'window destroyed: true',
  '-- libHttpClient Samples/Win32-Http: main',
  'Calling GET http://212.183.159.230/20MB.zip',
  'HTTP call done',
  'Network error code: 0x00000000',
  'HTTP status code: 200',
  "Header[0] 'Content-Length'='20971520'",
  "Header[1] 'Content-Type'='application/zip'",
  'Response string:',
  '{"test":"value"}',
  'main returned 0',
  '[thread] monitor Work on main',
  '[thread] network request on background thread 0',
  '[thread] monitor Completion on background thread 0',
  '[thread] completion callback on background thread 1',
  '-- "Using the process task queue"',
  'Process task queue: 0000000000001010. Our queue: 0000000000001020',
  'Submitted through the process queue handle, dispatched through ours.',
  'Process task queue: 0000000000000000.',
  'port: XTaskQueueGetCurrentProcessTaskQueue returned false',
  'Work callback invoked.',
];

/**
 * S4 — Simple User Model (samples.md §2 S4): Xbox-GDK-Samples
 * `Samples/System/SimpleUserModel/SimpleUserModel.cpp` on `@gdkts/xuser`. A ThreadPool/Manual queue
 * whose Completion port the game loop dispatches one item per frame (`Update`); the default user
 * signed in silently; the gamertag and the two-step gamer picture; change events on the same queue
 * re-reading both on `Gamertag` / `GamerPicture`; device-association changes on the same queue, and
 * when the default user's controller goes away, `XUserFindControllerForUserWithUiAsync` started again
 * from its own callback until a controller is paired (`LoopFindControllerForUserWithUiAsync`). Run it
 * with `pnpm sample S4` (./S4.simpleUserModel.ts); its test is samples/test/S4.simpleUserModel.test.ts.
 * @module
 */
import { SUCCEEDED } from '@gdkts/hresult';
import {
  XTaskQueueCloseHandle,
  XTaskQueueDispatch,
  XTaskQueueDispatchMode,
  XTaskQueuePort,
  XTaskQueueTerminate,
  out,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueueRegistrationToken,
} from '@gdkts/xasync';
import {
  XUserAddAsync,
  XUserAddOptions,
  XUserAddResult,
  XUserChangeEvent,
  XUserFindControllerForUserWithUiAsync,
  XUserFindControllerForUserWithUiResult,
  XUserCloseHandle,
  XUserGamerPictureSize,
  XUserGamertagComponent,
  XUserGamertagComponentUniqueModernMaxBytes,
  XUserGetGamerPictureAsync,
  XUserGetGamerPictureResult,
  XUserGetGamerPictureResultSize,
  XUserGetGamertag,
  XUserGetLocalId,
  XUserRegisterForChangeEvent,
  XUserRegisterForDeviceAssociationChanged,
  XUserUnregisterForChangeEvent,
  XUserUnregisterForDeviceAssociationChanged,
  type APP_LOCAL_DEVICE_ID,
  type XUserDeviceAssociationChange,
  type XUserHandle,
  type XUserLocalId,
} from '@gdkts/xuser';
import { bootTestConsole, uninitializeGameRuntime, type ControllerPrompt, type UiResponse } from '@gdkts/xuser/testing';
import { ThrowIfFailed, createQueue, runFrames } from './helpers.js';

const INFINITE = 0xffffffff;

/** SimpleUserModel.cpp's `Sample` (the parts that use XUser). */
export class Sample {
  m_queue: XTaskQueueHandle;
  m_userHandle: XUserHandle | null = null;
  m_userLocalId: XUserLocalId | null = null;
  m_gamertag = '';
  /** The gamer picture's bytes (native: a texture made from them). */
  m_gamerPicData: Uint8Array | null = null;
  readonly m_userChangeEventCallbackToken = out<XTaskQueueRegistrationToken | null>(null);
  readonly m_userDeviceAssociationChangedCallbackToken = out<XTaskQueueRegistrationToken | null>(null);
  /** native: OutputDebugStringA / the on-screen log. */
  readonly Log: (line: string) => void;

  constructor(Log: (line: string) => void) {
    this.Log = Log;
    // DX::ThrowIfFailed(XTaskQueueCreate(XTaskQueueDispatchMode::ThreadPool, XTaskQueueDispatchMode::Manual, &m_queue));
    this.m_queue = createQueue(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual);
    // DX::ThrowIfFailed(XUserRegisterForChangeEvent(m_queue, this, UserChangeEventCallback, &m_userChangeEventCallbackToken));
    ThrowIfFailed(
      XUserRegisterForChangeEvent(
        this.m_queue,
        this,
        Sample.UserChangeEventCallback,
        this.m_userChangeEventCallbackToken,
      ),
    );
    // [Simple User Model] Register for any change events for user-device associations. Change events are
    // triggered when a user signs out from the console, or someone uses the input device to select a
    // different user in the Account Picker.
    // XUserRegisterForDeviceAssociationChanged(m_taskQueue, this, &UserDeviceAssociationChangedCallback, &m_userDeviceAssociationChangedCallbackToken);
    ThrowIfFailed(
      XUserRegisterForDeviceAssociationChanged(
        this.m_queue,
        this,
        Sample.UserDeviceAssociationChangedCallback,
        this.m_userDeviceAssociationChangedCallbackToken,
      ),
    );
  }

  /** native: `Sample::~Sample()`. */
  Destroy(): void {
    XUserUnregisterForChangeEvent(this.m_userChangeEventCallbackToken.value!, false);
    XUserUnregisterForDeviceAssociationChanged(this.m_userDeviceAssociationChangedCallbackToken.value!, false);
    XTaskQueueTerminate(this.m_queue, false, null, null);
    XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, INFINITE);
    XTaskQueueCloseHandle(this.m_queue);
    XUserCloseHandle(this.m_userHandle); // native: m_userHandle is an owning wrapper
  }

  /** native: `Sample::Update`: one completion per frame. */
  Update(): void {
    XTaskQueueDispatch(this.m_queue, XTaskQueuePort.Completion, 0);
  }

  SignInDefaultUser(): void {
    const asyncBlock: XAsyncBlock = {}; // native: auto asyncBlock = new XAsyncBlock{};
    asyncBlock.queue = this.m_queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const pThis = ab.context as Sample;
      // In the Simple User Model, this call is guaranteed to succeed.
      const handle = out<XUserHandle | null>(null);
      ThrowIfFailed(XUserAddResult(ab, handle));
      pThis.m_userHandle = handle.value;
      const localId = out<XUserLocalId | null>(null);
      ThrowIfFailed(XUserGetLocalId(pThis.m_userHandle, localId));
      pThis.m_userLocalId = localId.value;
      pThis.UpdateUserUIData();
      // native: delete asyncBlock;
    };
    // DX::ThrowIfFailed(XUserAddAsync(XUserAddOptions::AddDefaultUserSilently, asyncBlock));
    ThrowIfFailed(XUserAddAsync(XUserAddOptions.AddDefaultUserSilently, asyncBlock));
  }

  UpdateUserUIData(): void {
    // char gamertagBuffer[XUserGamertagComponentUniqueModernMaxBytes + 1] = {};
    const gamertagBuffer = new Uint8Array(XUserGamertagComponentUniqueModernMaxBytes + 1);
    const gamertagSize = out(0);
    ThrowIfFailed(
      XUserGetGamertag(
        this.m_userHandle,
        XUserGamertagComponent.UniqueModern,
        gamertagBuffer.length,
        gamertagBuffer,
        gamertagSize,
      ),
    );
    this.m_gamertag = new TextDecoder().decode(gamertagBuffer.subarray(0, gamertagSize.value - 1));
    this.Log(`gamertag: ${this.m_gamertag}`);

    this.m_gamerPicData = null;
    const asyncBlock: XAsyncBlock = {};
    asyncBlock.queue = this.m_queue;
    asyncBlock.context = this;
    asyncBlock.callback = (ab) => {
      const pThis = ab.context as Sample;
      const bufferSize = out(0);
      ThrowIfFailed(XUserGetGamerPictureResultSize(ab, bufferSize));
      const buffer = new Uint8Array(bufferSize.value); // native: std::vector<uint8_t> buffer(bufferSize)
      const bufferUsed = out(0);
      ThrowIfFailed(XUserGetGamerPictureResult(ab, buffer.length, buffer, bufferUsed));
      pThis.m_gamerPicData = buffer.subarray(0, bufferUsed.value); // native: CreateWICTextureFromMemory
      pThis.Log(`picture: ${bufferUsed.value} bytes`);
    };
    ThrowIfFailed(XUserGetGamerPictureAsync(this.m_userHandle, XUserGamerPictureSize.Medium, asyncBlock));
  }

  /** native: `void CALLBACK Sample::UserChangeEventCallback(void* context, XUserLocalId userLocalId, XUserChangeEvent event)`. */
  static UserChangeEventCallback(context: unknown, userLocalId: XUserLocalId, event: XUserChangeEvent): void {
    const pThis = context as Sample;
    pThis.Log(`UserChangeEventCallback() : userLocalId = 0x${userLocalId.value.toString(16)}, event = ${event}`);
    // Only the default user matters under the simple user model.
    if (userLocalId.value !== pThis.m_userLocalId?.value) return;
    if (
      event === XUserChangeEvent.SignedInAgain ||
      event === XUserChangeEvent.SignedOut ||
      event === XUserChangeEvent.SigningOut
    ) {
      // These events must not happen under the simple user model (outside devkit PLM tools).
      throw new Error('Unexpected user change event under the simple user model');
    }
    if (event === XUserChangeEvent.Gamertag || event === XUserChangeEvent.GamerPicture) pThis.UpdateUserUIData();
  }

  /** native: `void CALLBACK Sample::UserDeviceAssociationChangedCallback(void* context, const XUserDeviceAssociationChange* change)`. */
  static UserDeviceAssociationChangedCallback(context: unknown, change: XUserDeviceAssociationChange): void {
    const pThis = context as Sample;
    pThis.Log(
      `UserDeviceAssociationChangedCallback() : deviceId = ${deviceIdString(change.deviceId)}, oldUser = 0x${change.oldUser.value.toString(16)}, newUser = 0x${change.newUser.value.toString(16)}`,
    );
    // If default user doesn't have a controller attached, display the UI to assign a controller.
    // (native: m_userLocalId is read before the sign-in callback set it; here it is null until then.)
    if (change.oldUser.value === pThis.m_userLocalId?.value) {
      Sample.LoopFindControllerForUserWithUiAsync(pThis);
    }
  }

  /** native: `void Sample::LoopFindControllerForUserWithUiAsync(void* context)`. */
  static LoopFindControllerForUserWithUiAsync(context: unknown): void {
    const pThis = context as Sample;
    const asyncBlock: XAsyncBlock = {}; // native: auto asyncBlock = new XAsyncBlock{};
    asyncBlock.queue = pThis.m_queue;
    asyncBlock.context = pThis;
    asyncBlock.callback = (ab) => {
      const deviceId = out<APP_LOCAL_DEVICE_ID | null>(null); // APP_LOCAL_DEVICE_ID deviceId = {};
      if (SUCCEEDED(XUserFindControllerForUserWithUiResult(ab, deviceId))) {
        // Log the newly associated deviceId.
        (ab.context as Sample).Log(`Found deviceId:  deviceId = ${deviceIdString(deviceId.value!)}`);
        // native: delete asyncBlock;
      } else {
        // Keep trying until the default user is assigned to a controller.
        Sample.LoopFindControllerForUserWithUiAsync(ab.context);
      }
    };
    XUserFindControllerForUserWithUiAsync(pThis.m_userHandle, asyncBlock);
  }
}

/**
 * The sample's `%08x-%08x-…` of a device id: its 32 bytes read as eight 32-bit words
 * (`*reinterpret_cast<const unsigned int*>(&deviceId.value[i])`, little-endian).
 * @param deviceId - [in] the device id.
 * @returns eight lower-case 8-digit hex words joined by `-`.
 */
function deviceIdString(deviceId: APP_LOCAL_DEVICE_ID): string {
  const view = new DataView(deviceId.value.buffer, deviceId.value.byteOffset, deviceId.value.byteLength);
  return Array.from({ length: 8 }, (_, i) =>
    view
      .getUint32(i * 4, true)
      .toString(16)
      .padStart(8, '0'),
  ).join('-');
}

/** A controller's 32-byte id: `first`, `first + 1`, … (so every run prints the same ids). */
function controllerId(first: number): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => first + i);
}

/** The console's two controllers. */
const CONTROLLER_1 = controllerId(0x01);
const CONTROLLER_2 = controllerId(0x21);

/**
 * The sample running on the emulated console, which has two controllers: the title starts and
 * signs in `Simple#42`, and the system pairs controller 1 with them; the console changes the user's
 * gamertag (a `Gamertag` change event) and picture (`GamerPicture`), and each time the sample
 * re-reads both; then controller 1 is unpaired from the user, and the sample asks them to pick up a
 * controller: the find-controller UI is dismissed once (the loop starts the call again), then
 * controller 2 is picked up and paired; then the title exits. The console's side is logged in
 * parentheses.
 * @param Log - [in] the sample's log.
 * @returns once the sample was destroyed and the runtime uninitialized.
 */
export async function SimpleUserModelMain(Log: (line: string) => void): Promise<void> {
  const answers: UiResponse[] = [{ outcome: 'dismissed' }, { outcome: 'completed', deviceId: CONTROLLER_2 }];
  const console = await bootTestConsole({
    accounts: [{ gamertag: 'Simple', modernGamertag: 'Simple', modernGamertagSuffix: '42', xuid: '2814650011223344' }],
    inputDevices: [{ id: CONTROLLER_1 }, { id: CONTROLLER_2 }],
    controllerUi: (prompt: ControllerPrompt): UiResponse => {
      const answer = answers.shift() ?? { outcome: 'dismissed' };
      Log(
        `(find-controller UI for ${prompt.account.gamertag}: ${answer.outcome === 'completed' ? 'controller 2 picked up' : answer.outcome})`,
      );
      return answer;
    },
  });
  let controllerFound = false;
  const sample = new Sample((line) => {
    if (line.startsWith('Found deviceId:')) controllerFound = true;
    Log(line);
  });
  try {
    sample.SignInDefaultUser();
    await runFrames(
      () => sample.Update(),
      () => sample.m_gamerPicData !== null,
    );
    console.account('Simple')!.update({ modernGamertag: 'Simpler', modernGamertagSuffix: '7' });
    sample.m_gamerPicData = null;
    await runFrames(
      () => sample.Update(),
      () => sample.m_gamerPicData !== null,
    );
    console.changeGamerPicture('Simple');
    sample.m_gamerPicData = null;
    await runFrames(
      () => sample.Update(),
      () => sample.m_gamerPicData !== null,
    );
    Log('(console: controller 1 unpaired from Simple)');
    console.pairInputDevice(CONTROLLER_1, null);
    await runFrames(
      () => sample.Update(),
      () => controllerFound,
    );
  } finally {
    sample.Destroy();
    uninitializeGameRuntime();
  }
}

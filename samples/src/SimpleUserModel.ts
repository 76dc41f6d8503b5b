/**
 * S4 — Simple User Model (samples.md §2 S4): Xbox-GDK-Samples
 * `Samples/System/SimpleUserModel/SimpleUserModel.cpp` on `@gdkts/xuser`. A ThreadPool/Manual queue
 * whose Completion port the game loop dispatches one item per frame (`Update`); the default user
 * signed in silently; the gamertag and the two-step gamer picture; change events on the same queue
 * re-reading both on `Gamertag` / `GamerPicture`. (`XUserRegisterForDeviceAssociationChanged` and the
 * controller-pairing loop are not emulated: the console has no controllers.) Run it with
 * `pnpm sample S4` (./S4.simpleUserModel.ts); its test is samples/test/S4.simpleUserModel.test.ts.
 * @module
 */
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
  XUserUnregisterForChangeEvent,
  type XUserHandle,
  type XUserLocalId,
} from '@gdkts/xuser';
import { bootTestConsole, uninitializeGameRuntime } from '@gdkts/xuser/testing';
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
  }

  /** native: `Sample::~Sample()`. */
  Destroy(): void {
    XUserUnregisterForChangeEvent(this.m_userChangeEventCallbackToken.value!, false);
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
}

/**
 * The sample running on the emulated console: the title starts and signs in `Simple#42`; then the
 * console changes the user's gamertag (a `Gamertag` change event) and picture (`GamerPicture`), and
 * each time the sample re-reads both; then the title exits.
 * @param Log - [in] the sample's log.
 * @returns once the sample was destroyed and the runtime uninitialized.
 */
export async function SimpleUserModelMain(Log: (line: string) => void): Promise<void> {
  const console = await bootTestConsole({
    accounts: [{ gamertag: 'Simple', modernGamertag: 'Simple', modernGamertagSuffix: '42', xuid: '2814650011223344' }],
  });
  const sample = new Sample(Log);
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
  } finally {
    sample.Destroy();
    uninitializeGameRuntime();
  }
}

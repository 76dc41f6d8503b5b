/**
 * Port of Xbox-GDK-Samples `Samples/System/AsynchronousProgramming/XAsyncExamples.cpp` (ATG), the
 * program behind samples S1 (CustomGDKStyleAPIs), S2 (Canceling) and S3 (the dispatch-mode tour).
 * Same class, members, functions, argument order, log text and control flow. `// native:` marks a
 * line that had to change, and why. Conventions used throughout (see helpers.ts):
 * - `std::thread` bodies are `async` methods; `XTaskQueueDispatch(q, port, 200|INFINITE)` on such a
 *   thread is its awaitable twin `XTaskQueueDispatchAsync`, so the other threads run meanwhile.
 * - `Sleep(ms)` inside work is `await Sleep(ms)`; `WaitForSingleObject(e, INFINITE)` is
 *   `await WaitForSingleObjectAsync(e)`; the work routine that waits becomes `async`, which keeps
 *   its thread-pool "thread" busy until it returns, as the blocked native thread would be.
 * - `new`/`delete`/`ZeroMemory` disappear (a block is a fresh object literal); `volatile LONG*`
 *   counters are `{ value }` objects; `uint64_t` values are numbers (all fit in 2^53).
 * - Events threads wait on are `Win32Event`s; the waiter event of AdvancedUsage is the runtime's
 *   own `CreateEvent`/`SetEvent` handle, which `XTaskQueueRegisterWaiter` watches.
 */
import {
  CloseHandle,
  CreateEvent,
  E_ABORT,
  E_PENDING,
  INFINITE,
  S_OK,
  SUCCEEDED,
  SetEvent,
  XAsyncBegin,
  XAsyncCancel,
  XAsyncComplete,
  XAsyncGetResult,
  XAsyncGetStatus,
  XAsyncOp,
  XAsyncRun,
  XAsyncSchedule,
  XTaskQueueCloseHandle,
  XTaskQueueCreate,
  XTaskQueueCreateComposite,
  XTaskQueueDispatch,
  XTaskQueueDispatchAsync,
  XTaskQueueDispatchMode,
  XTaskQueueDuplicateHandle,
  XTaskQueueGetCurrentProcessTaskQueue,
  XTaskQueueGetPort,
  XTaskQueuePort,
  XTaskQueueRegisterMonitor,
  XTaskQueueRegisterWaiter,
  XTaskQueueSetCurrentProcessTaskQueue,
  XTaskQueueSubmitCallback,
  XTaskQueueSubmitDelayedCallback,
  XTaskQueueTerminate,
  XTaskQueueUnregisterMonitor,
  XTaskQueueUnregisterWaiter,
  type HRESULT,
  type Out,
  type XAsyncBlock,
  type XTaskQueueHandle,
  type XTaskQueuePortHandle,
  type XTaskQueueRegistrationToken,
  type XWaitHandle,
} from '@gdkts/xasync';
import {
  HWND,
  MessageQueue,
  PostMessage,
  Sleep,
  ThrowIfFailed,
  WAIT_TIMEOUT,
  WM_USER,
  WaitForSingleObject,
  WaitForSingleObjectAsync,
  Win32Event,
  hex8,
  createOutput,
  ref,
  startThread,
  type SampleOutput,
} from './helpers.js';

/** The sample's window message for the ManualAndMessageLoop monitor (a `WM_USER`-based value in Main.cpp). */
export const WM_TASKQUEUEMONITOR = WM_USER + 1;

/** What `XAsyncExamples` needs from `Sample` (AsynchronousProgramming.cpp). */
export interface Sample {
  Log(text: string): void;
  GetHWND(): HWND;
}

const SEPARATOR = '==========================================================================';
const sizeof_uint64_t = 8;

/** native: an exception escaping a thread ends the process; here it surfaces as an uncaught exception. */
function rethrowUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** The MSVC CRT `srand`/`rand` (x ← x·214013 + 2531011, out = (x >> 16) & 0x7FFF), for SerializedAsync. */
let holdrand = 1;
function srand(seed: number): void {
  holdrand = seed | 0;
}
function rand(): number {
  holdrand = (Math.imul(holdrand, 214013) + 2531011) | 0;
  return (holdrand >>> 16) & 0x7fff;
}

type Work = () => void | Promise<void>;

interface RunTaskContext {
  workCallback: Work;
  completionCallback?: () => void;
}

export class XAsyncExamples {
  static s_singleton: XAsyncExamples | null = null;
  static s_sample: Sample;
  static s_stopWatchStart = 0;

  /** native: `std::thread::hardware_concurrency()`; fixed so every run spawns the same threads. */
  static hardware_concurrency = 4;
  /** native: 100 000 000 elements (800 MB per array); the algorithm is the same at any size. */
  static s_parallelForNumElements = 1_000_000;
  /** port: lets a test read the ParallelFor result the sample computes and deletes. */
  static s_onParallelForResult: ((finalElements: Float64Array) => void) | null = null;

  m_testInProgress: boolean;
  m_numCores = 0;
  m_shutdownEvent!: Win32Event;
  m_threads_SingleCore: Promise<void>[] = [];
  m_threads_ManualAndMessageLoop: Promise<void>[] = [];

  m_cachedProcessDefaultTaskQueueHandle: XTaskQueueHandle | null = null;
  m_taskQueue_CustomGDKStyleAPIs!: XTaskQueueHandle;
  m_taskQueue_ParallelFor!: XTaskQueueHandle;
  m_taskQueue_SynchronousTaskQueue!: XTaskQueueHandle;
  m_taskQueue_SerializedAsync!: XTaskQueueHandle;
  m_taskQueue_ManualAndMessageLoop!: XTaskQueueHandle;
  m_taskQueueToken_ManualAndMessageloop!: XTaskQueueRegistrationToken;

  /** port: HRESULTs the native code discards, recorded for the tests as [call, hr]. */
  readonly m_discardedResults: [string, HRESULT][] = [];

  constructor(sample: Sample) {
    this.m_testInProgress = false;
    if (XAsyncExamples.s_singleton !== null) {
      throw new Error('Only create 1 instance of this class');
    }
    XAsyncExamples.s_singleton = this;
    XAsyncExamples.s_sample = sample;

    XAsyncExamples.s_stopWatchStart = performance.now();

    this.CreateTaskQueues();
    this.CreateThreads();
  }

  /** native: the destructor; `async` because joining the threads waits for them to return. */
  async Destroy(): Promise<void> {
    await this.ShutdownThreads();
    this.ShutdownTaskQueues();
    XAsyncExamples.s_singleton = null; // port: one instance per test, not per process
  }

  Update(_dt: number): void {
    // This is called from the main thread

    // Dispatch events from the completion port of the task queue used in the CustomGDKStyleAPIs test
    XTaskQueueDispatch(this.m_taskQueue_CustomGDKStyleAPIs, XTaskQueuePort.Completion, 0);
  }

  Notify_TaskQueueMonitor(_wp: number, _lp: number): void {
    // This function is invoked by the message pump of the main window on whatever thread is handling it.
    XTaskQueueDispatch(this.m_taskQueue_ManualAndMessageLoop, XTaskQueuePort.Completion, 0);
  }

  CreateThreads(): void {
    const s_sample = XAsyncExamples.s_sample;

    // Create shutdown event for all threads
    this.m_shutdownEvent = new Win32Event(true, false); // native: CreateEvent(NULL, TRUE, FALSE, NULL)

    this.m_numCores = XAsyncExamples.hardware_concurrency;
    s_sample.Log(`Detected core count at [${this.m_numCores}]`);

    s_sample.Log(`Spinning up ${this.m_numCores} threads with their affinities set to a single core`);
    for (let i = 0; i < this.m_numCores; ++i) {
      this.m_threads_SingleCore.push(startThread(`SingleCore ${i}`, () => this.ThreadProc_SingleCore(i)));
    }

    const numManualThreadsToSpin = this.m_numCores >= 4 ? this.m_numCores - 2 : 2;
    s_sample.Log(`Spinning up ${numManualThreadsToSpin} threads with their affinities set to all cores except 0 and 1`);
    for (let i = 0; i < numManualThreadsToSpin; ++i) {
      this.m_threads_ManualAndMessageLoop.push(
        startThread(`ManualAndMessageLoop ${i}`, () => this.ThreadProc_ManualAndMessageLoop()),
      );
    }
  }

  async ShutdownThreads(): Promise<void> {
    this.m_shutdownEvent.set(); // native: SetEvent(m_shutdownEvent)
    for (const thread of this.m_threads_SingleCore) {
      await thread; // native: thread.join()
    }
    for (const thread of this.m_threads_ManualAndMessageLoop) {
      await thread;
    }
  }

  async ThreadProc_SingleCore(index: number): Promise<void> {
    const s_sample = XAsyncExamples.s_sample;
    s_sample.Log(`[ThreadProc_SingleCore] Thread Index ${index} Spawned!`);

    // native: SetThreadDescription + SetThreadAffinityMask(1 << index): no OS threads to name or pin.

    while (WaitForSingleObject(this.m_shutdownEvent, 0) === WAIT_TIMEOUT) {
      // XTaskQueueDispatch is thread-safe for manual ports. The different threads dispatching will pull
      // work on a first-come, first-serve basis. Use a timeout so that the threads will sleep a little when there
      // is no work and not steal all system performance.
      // native: XTaskQueueDispatch(…, 200) blocking this std::thread.
      await XTaskQueueDispatchAsync(this.m_taskQueue_ParallelFor, XTaskQueuePort.Work, 200);
    }

    s_sample.Log(`[ThreadProc_SingleCore][${index}]: Exiting`);
  }

  async ThreadProc_ManualAndMessageLoop(): Promise<void> {
    const s_sample = XAsyncExamples.s_sample;
    s_sample.Log('[ThreadProc_ManualAndMessageLoop] Thread Index Spawned!');

    // native: SetThreadDescription + SetThreadAffinityMask(~0x3): no OS threads to name or pin.

    while (WaitForSingleObject(this.m_shutdownEvent, 0) === WAIT_TIMEOUT) {
      // native: XTaskQueueDispatch(…, 200) blocking this std::thread.
      await XTaskQueueDispatchAsync(this.m_taskQueue_ManualAndMessageLoop, XTaskQueuePort.Work, 200);
    }

    s_sample.Log('[ThreadProc_ManualAndMessageLoop]: Exiting');
  }

  Monitor_ManualAndMessageLoop(_queue: XTaskQueueHandle, port: XTaskQueuePort): void {
    const s_sample = XAsyncExamples.s_sample;
    // Only run the completion work via the message pump. The work work will be run by the spawned threads for this test.
    if (port === XTaskQueuePort.Work) {
      s_sample.Log(
        'Monitor Callback invoked for XTaskQueuePort::Work. Spawned threads will process manual port automatically.',
      );
    } else {
      s_sample.Log(
        'Monitor Callback invoked for XTaskQueuePort::Completion. Posting a WM_TASKQUEUEMONITOR for handling in the Windows message loop.',
      );

      PostMessage(s_sample.GetHWND(), WM_TASKQUEUEMONITOR, 0, 0);
    }
  }

  /** native: RDTSC stopwatch seconds. Real time: only printed, never asserted. */
  static GetTime(): number {
    return (performance.now() - XAsyncExamples.s_stopWatchStart) / 1000;
  }

  CreateTaskQueues(): void {
    // Cache the current process task queue. A ref to the retrieved task queue is automatically added.
    XTaskQueueGetCurrentProcessTaskQueue(ref(this, 'm_cachedProcessDefaultTaskQueueHandle'));
    if (this.m_cachedProcessDefaultTaskQueueHandle === null)
      throw new Error('assert(m_cachedProcessDefaultTaskQueueHandle)');

    ThrowIfFailed(
      XTaskQueueCreate(
        XTaskQueueDispatchMode.ThreadPool,
        XTaskQueueDispatchMode.Manual,
        ref(this, 'm_taskQueue_CustomGDKStyleAPIs'),
      ),
    );

    ThrowIfFailed(
      XTaskQueueCreate(
        XTaskQueueDispatchMode.Manual,
        XTaskQueueDispatchMode.Immediate,
        ref(this, 'm_taskQueue_ParallelFor'),
      ),
    );

    ThrowIfFailed(
      XTaskQueueCreate(
        XTaskQueueDispatchMode.Immediate,
        XTaskQueueDispatchMode.Immediate,
        ref(this, 'm_taskQueue_SynchronousTaskQueue'),
      ),
    );

    ThrowIfFailed(
      XTaskQueueCreate(
        XTaskQueueDispatchMode.SerializedThreadPool,
        XTaskQueueDispatchMode.SerializedThreadPool,
        ref(this, 'm_taskQueue_SerializedAsync'),
      ),
    );

    ThrowIfFailed(
      XTaskQueueCreate(
        XTaskQueueDispatchMode.Manual,
        XTaskQueueDispatchMode.Manual,
        ref(this, 'm_taskQueue_ManualAndMessageLoop'),
      ),
    );

    ThrowIfFailed(
      XTaskQueueRegisterMonitor(
        this.m_taskQueue_ManualAndMessageLoop,
        this,
        (context, queue, port) => {
          const examples = context as XAsyncExamples;
          examples.Monitor_ManualAndMessageLoop(queue, port);
        },
        ref(this, 'm_taskQueueToken_ManualAndMessageloop'),
      ),
    );
  }

  ShutdownTaskQueues(): void {
    // XTaskQueueTerminate adds to the terminated queue a task marker to know when the queue is empty.
    // As a result, you can't directly call XTaskQueueTerminate with wait=true on any task queue with a
    // manual port. Instead, you need to optionally use the terminate callbacks and keep pumping the manual
    // of the queue until the terminate finishes. When a queue is terminated, an infinite-dispatching call
    // will return, so we can use the behavior.

    XTaskQueueTerminate(this.m_taskQueue_CustomGDKStyleAPIs, false, null, null);
    XTaskQueueDispatch(this.m_taskQueue_CustomGDKStyleAPIs, XTaskQueuePort.Completion, INFINITE);
    XTaskQueueCloseHandle(this.m_taskQueue_CustomGDKStyleAPIs);

    XTaskQueueTerminate(this.m_taskQueue_ParallelFor, false, null, null);
    XTaskQueueDispatch(this.m_taskQueue_ParallelFor, XTaskQueuePort.Work, INFINITE);
    XTaskQueueCloseHandle(this.m_taskQueue_ParallelFor);

    this.m_discardedResults.push([
      'XTaskQueueTerminate(m_taskQueue_SynchronousTaskQueue, true)',
      XTaskQueueTerminate(this.m_taskQueue_SynchronousTaskQueue, true, null, null),
    ]);
    XTaskQueueCloseHandle(this.m_taskQueue_SynchronousTaskQueue);

    this.m_discardedResults.push([
      'XTaskQueueTerminate(m_taskQueue_SerializedAsync, true)',
      XTaskQueueTerminate(this.m_taskQueue_SerializedAsync, true, null, null),
    ]);
    XTaskQueueCloseHandle(this.m_taskQueue_SerializedAsync);

    XTaskQueueUnregisterMonitor(this.m_taskQueue_ManualAndMessageLoop, this.m_taskQueueToken_ManualAndMessageloop);
    XTaskQueueTerminate(this.m_taskQueue_ManualAndMessageLoop, false, null, null);
    XTaskQueueDispatch(this.m_taskQueue_ManualAndMessageLoop, XTaskQueuePort.Work, INFINITE);
    XTaskQueueDispatch(this.m_taskQueue_ManualAndMessageLoop, XTaskQueuePort.Completion, INFINITE);
    XTaskQueueCloseHandle(this.m_taskQueue_ManualAndMessageLoop);

    // Release the handle we acquired to the default process task queue
    this.m_discardedResults.push([
      'XTaskQueueTerminate(m_cachedProcessDefaultTaskQueueHandle, true)',
      XTaskQueueTerminate(this.m_cachedProcessDefaultTaskQueueHandle, true, null, null),
    ]);
    XTaskQueueCloseHandle(this.m_cachedProcessDefaultTaskQueueHandle!);
    this.m_cachedProcessDefaultTaskQueueHandle = null;
  }

  // This test demonstrates how to create and use GDK-API-style async invocation methods. See NthPrimeAsync and NthPrimeAsyncResult for
  // the async plumbing implementation. The test function calls into NthPrimeAsync several times in the same manner as GDK Async functions.
  // The work of calculating the primes is done via the system thread pool which takes tasks as they can. The completion callbacks will be handled
  // by the main thread via the Update call of this class. Callbacks are handled in the order that they are queued to the task queue.
  StartTest_CustomGDKStyleAPIs(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning CustomGDKStyleAPIs test');

    // Begin several async invocations of NthPrime. Note that the XAsyncBlock cannot be shared between the different calls as it has internal
    // bookkeeping information. Using a lambda to reduce code duplication
    const StartAsyncCall = (n: number, testCounter: { value: number }, numTests: number): void => {
      interface CallData {
        n: number;
        testCounter: { value: number };
        numTests: number;
        examples: XAsyncExamples;
      }
      const callData: CallData = { n, testCounter, numTests, examples: this };

      const async: XAsyncBlock = {}; // native: new XAsyncBlock{} + ZeroMemory
      async.queue = this.m_taskQueue_CustomGDKStyleAPIs;
      async.context = callData;
      async.callback = (async) => {
        const callData = async.context as CallData;

        const nthPrime = { value: 0 };
        const hr = XAsyncExamples.NthPrimeAsyncResult(async, nthPrime);
        if (SUCCEEDED(hr)) {
          s_sample.Log(`Async call to calculate the nth prime ${callData.n} finished with result ${nthPrime.value}`);
        } else {
          s_sample.Log(`Async call to calculate the nth prime ${callData.n} failed with hr=${hex8(hr)}`);
        }

        // Detect when test is done
        const counterValue = ++callData.testCounter.value; // native: InterlockedIncrement
        if (counterValue === callData.numTests) {
          s_sample.Log('CustomGDKStyleAPIs test finished');
          s_sample.Log(SEPARATOR);

          callData.examples.m_testInProgress = false;
          // native: delete callData->testCounter;
        }

        // native: delete callData; delete async;
      };

      s_sample.Log(`Firing async call to calculate the nth prime ${n}`);
      ThrowIfFailed(XAsyncExamples.NthPrimeAsync(n, async));
    };

    const testCounter = { value: 0 }; // native: new volatile LONG(0)
    const numTests = 5;
    StartAsyncCall(12000, testCounter, numTests);
    StartAsyncCall(9000, testCounter, numTests);
    StartAsyncCall(7500, testCounter, numTests);
    StartAsyncCall(5000, testCounter, numTests);
    StartAsyncCall(3000, testCounter, numTests);
  }

  // This test shows how you can use different task queues to run asynchronous code synchronously. The
  // whole test is run on a task as well to prevent the main process thread from locking up during the
  // test. The process default task queue the the task queue used when nullptr is passed to the queue
  // member in an XAsyncBlock. That task queue can be acquired, changed, and cleared as desired for
  // your application.
  StartTest_SynchronousTaskQueue(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning SynchronousTaskQueue test');

    // If the process task queue is overridden to nullptr, any attempts to use it with a nullptr in XAsyncBlock
    // will fail.
    //XTaskQueueSetCurrentProcessTaskQueue(nullptr);

    // Override the process default task queue with the synchronous task queue
    XTaskQueueSetCurrentProcessTaskQueue(this.m_taskQueue_SynchronousTaskQueue);

    this.RunTask(
      this.m_cachedProcessDefaultTaskQueueHandle,
      // Work callback
      async () => {
        const taskCount = 20;
        const nthPrimeToCalculate = 3000;

        // First perform some tasks in parallel and time it
        {
          const startTime = XAsyncExamples.GetTime();
          await this.ParallelExecute(taskCount, this.m_cachedProcessDefaultTaskQueueHandle, () => {
            XAsyncExamples.NthPrime(nthPrimeToCalculate);
          });
          const endTime = XAsyncExamples.GetTime();

          s_sample.Log(
            `Asynchronously calculating NthPrime(${nthPrimeToCalculate}) ${taskCount} times took ${(endTime - startTime).toFixed(3)} seconds.`,
          );
        }

        // Next perform those tasks, but do them synchronously on this thread and time it
        {
          // The process default task queue was overridden to a queue with both ports set to Immediate,
          // so these calculations will run synchronously.
          const startTime = XAsyncExamples.GetTime();
          await this.ParallelExecute(taskCount, null, () => {
            XAsyncExamples.NthPrime(nthPrimeToCalculate);
          });
          const endTime = XAsyncExamples.GetTime();

          s_sample.Log(
            `Synchronously calculating NthPrime(${nthPrimeToCalculate}) ${taskCount} times took ${(endTime - startTime).toFixed(3)} seconds.`,
          );
        }
      },
      // Completion callback
      () => {
        // Restore the process default task queue to the original ThreadPool one.
        XTaskQueueSetCurrentProcessTaskQueue(this.m_cachedProcessDefaultTaskQueueHandle);

        s_sample.Log('SynchronousTaskQueue test finished');
        s_sample.Log(SEPARATOR);
        this.m_testInProgress = false;
      },
    );
  }

  // This test executes some tasks that are handled via a fully manual task queue. The work is performed on some threads that have their
  // affinity set off of the first two cores. The completion callbacks are handled via the Windows Message Loop. To get the handling done there,
  // a monitor was registered for this test's task queue that invokes an event to be propagated to the message loop.
  StartTest_ManualAndMessageLoop(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning ManualAndMessageLoop test');

    const testCounter = { value: 0 }; // native: new volatile LONG(0)

    // Run a bunch of tasks using the manual queue. Log will report the monitor invocations.
    const numTasks = 20;
    for (let i = 0; i < numTasks; ++i) {
      s_sample.Log(`Queuing Task Index [${i}]`);

      this.RunTask(
        this.m_taskQueue_ManualAndMessageLoop,
        // Work callback
        async () => {
          s_sample.Log(`Work Callback Index [${i}] Invoked. Sleeping to simulate work.`);

          // Simulate some time-taking work
          await Sleep(2000);

          s_sample.Log(`Work Callback Index [${i}] sleep finished.`);
        },
        // Completions callback
        () => {
          s_sample.Log(`Completion Callback Index [${i}] Invoked`);

          // Detect when test is done
          const counterValue = ++testCounter.value;
          if (counterValue === numTasks) {
            // native: delete testCounter;
            s_sample.Log('ManualAndMessageLoop test finished');
            s_sample.Log(SEPARATOR);
            this.m_testInProgress = false;
          }
        },
      );
    }
  }

  // This test shows how to use the SerializedThreadPool setting for the ports of the task queue. A serialized thread pool port
  // processes work asynchronously on the system thread pools in the same way as a ThreadPool port, but only processes 1 element
  // from the queue at a time. This allows the work to have dependencies between steps, but removes parallelism.
  StartTest_SerializedAsync(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning SerializedAsync test');

    // The following tasks all have dependencies upon each other and are ensured to run in-order with the serialized thread pool task queue.
    // However it's important to note that this only applies to callbacks within the same port.  Each port of the task queue could be set differently,
    // so the completion callback from one task will still run in parallel with a work callback from another task.
    // A use-case might be web requests, database queries, or other type of work which runs in the background and depends on the results at each step.

    const workSet: number[] = []; // native: new std::vector<uint64_t>()

    // First initialize the work set with some randomized numbers (use srand to be deterministic)
    this.RunTask(this.m_taskQueue_SerializedAsync, () => {
      let buffer = 'Initialized work set to { ';

      srand(0);
      for (let i = 0; i < 20; ++i) {
        const randVal = rand() % 3000;
        workSet.push(randVal);

        buffer += `${randVal} `;
      }

      buffer += '}';
      s_sample.Log(buffer);
    });

    // Next sort the numbers
    this.RunTask(this.m_taskQueue_SerializedAsync, () => {
      workSet.sort((a, b) => a - b); // native: std::sort

      let buffer = 'Sorted work set to { ';
      for (let i = 0; i < workSet.length; ++i) {
        buffer += `${workSet[i]} `;
      }
      buffer += '}';
      s_sample.Log(buffer);
    });

    // Use the numbers in the work set to calculate the nth primes
    this.RunTask(this.m_taskQueue_SerializedAsync, () => {
      let buffer = 'NthPrimes for work set calculated to { ';

      for (let i = 0; i < workSet.length; ++i) {
        workSet[i] = XAsyncExamples.NthPrime(workSet[i]!);

        buffer += `${workSet[i]} `;
      }

      buffer += '}';
      s_sample.Log(buffer);
    });

    // Update all the numbers to be the prefix sum of itself
    this.RunTask(this.m_taskQueue_SerializedAsync, () => {
      let buffer = 'Prefix sum for work set calculated to { ';

      buffer += `${workSet[0]} `;
      for (let i = 1; i < workSet.length; ++i) {
        workSet[i]! += workSet[i - 1]!;

        buffer += `${workSet[i]} `;
      }

      buffer += '}';
      s_sample.Log(buffer);
    });

    // Finally just end the test
    this.RunTask(this.m_taskQueue_SerializedAsync, () => {
      // native: delete workSet;

      s_sample.Log('SerializedAsync test finished');
      s_sample.Log(SEPARATOR);
      this.m_testInProgress = false;
    });
  }

  // This test shows how to use the XAsync libraries to setup a ParallelFor style function to take advantage of multi-process
  // calculations. A prefix sum calculation is performed in both single-thread and multi-thread manner to show the difference
  // of timings. The parallelization is handled via a manual work port in the task queue. A thread was spawned with affinity set
  // to a single core and these threads dispatch the work port themselves. Finally, the test itself is run on another thread
  // using the default process task queue so-as to prevent the application from freezing while the tests are running.
  StartTest_ParallelFor(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning ParallelFor test');

    // nullptr specifies to use the process default queue which is [ThreadPool,ThreadPool] when not overridden
    this.RunTask(
      null,
      // Work callback
      async () => {
        const s_singleton = XAsyncExamples.s_singleton!;
        // Calculate prefix sum

        // Setup elements to calculate over. Parallel case uses double-buffered shared memory.
        // Don't time the setup.
        const numElements = XAsyncExamples.s_parallelForNumElements; // native: 100000000
        const elements = new Float64Array(numElements); // native: new uint64_t[numElements]
        for (let i = 0; i < numElements; ++i) {
          elements[i] = i + 1;
        }

        // Sync calculation
        {
          s_sample.Log(`Starting synchronous prefix sum calculation for ${numElements} elements`);

          // Allocate outside of timing
          const finalElements = new Float64Array(numElements);

          const startTime = XAsyncExamples.GetTime();

          finalElements[0] = elements[0]!;
          for (let i = 1; i < numElements; ++i) {
            finalElements[i] = finalElements[i - 1]! + elements[i]!;
          }

          const endTime = XAsyncExamples.GetTime();

          s_sample.Log(
            `Synchronous prefix sum calculation for ${numElements} elements took ${((endTime - startTime) * 1000.0).toFixed(3)} milliseconds`,
          );
        }

        // Async calculation
        {
          s_sample.Log(`Starting asynchronous (ParallelFor) prefix sum calculation for ${numElements} elements`);

          // Allocate outside of timing
          const finalElements = new Float64Array(numElements);
          const offsetElements = new Float64Array(s_singleton.m_numCores);

          const startTime = XAsyncExamples.GetTime();

          const numElementsPerThread = Math.floor(numElements / (s_singleton.m_numCores + 1));
          const extraElementsForLastThread = numElements % (s_singleton.m_numCores + 1);

          // First sweep to calculate offsets
          // First sweep only does the first m_numCores sets of data out of (m_numCores + 1)
          await this.ParallelFor(0, s_singleton.m_numCores, (index) => {
            const offset = index * numElementsPerThread;
            finalElements[offset + 0] = elements[offset + 0]!;
            for (let i = 1; i < numElementsPerThread; ++i) {
              finalElements[offset + i] = finalElements[offset + i - 1]! + elements[offset + i]!;
            }
          });

          // Fast calculation of prefix sum of offsets
          offsetElements[0] = finalElements[numElementsPerThread - 1]!;
          for (let i = 1; i < s_singleton.m_numCores; ++i) {
            const curFinalElementsOffset = numElementsPerThread - 1 + numElementsPerThread * i;
            offsetElements[i] = finalElements[curFinalElementsOffset]! + offsetElements[i - 1]!;
          }

          // Second sweep to finalize prefix sums
          // Second sweep does the last m_numCores sets of data out of (m_numCores + 1), also taking into account the larger last set
          await this.ParallelFor(0, s_singleton.m_numCores, (index) => {
            const numElementsThisThread =
              index === s_singleton.m_numCores - 1
                ? numElementsPerThread + extraElementsForLastThread
                : numElementsPerThread;

            const offset = (index + 1) * numElementsPerThread;
            finalElements[offset + 0] = elements[offset + 0]! + offsetElements[index]!;
            for (let i = 1; i < numElementsThisThread; ++i) {
              finalElements[offset + i] = finalElements[offset + i - 1]! + elements[offset + i]!;
            }
          });

          const endTime = XAsyncExamples.GetTime();

          s_sample.Log(
            `Asynchronous (ParallelFor) prefix sum calculation for ${numElements} elements took ${((endTime - startTime) * 1000.0).toFixed(3)} milliseconds`,
          );

          XAsyncExamples.s_onParallelForResult?.(finalElements); // port: test hook
        }
      },
      // Completion callback
      () => {
        s_sample.Log('ParallelFor test finished');
        s_sample.Log(SEPARATOR);
        this.m_testInProgress = false;
      },
    );
  }

  // This test shows how to use some more advanced features of XAsync/XTaskQueue. Instead of creating resources at class creation,
  // all resources needed for this test will be created inline for demonstration. Demonstrated features include composite queues,
  // duplicating queue handles, and using waiters and delayed dispatching. See documentation for more information about the behavior
  // of these features. Note that all these tests will run in parallel as well.
  StartTest_AdvancedUsage(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning AdvancedUsage test');

    // Test data
    interface TestData {
      baseQueue: XTaskQueueHandle;
      compositeQueue: XTaskQueueHandle;
      baseQueueWorkPort: XTaskQueuePortHandle;

      baseQueueDispatcherThread: Promise<void>;

      duplicateBaseQueueHandle: XTaskQueueHandle;

      waiterEvent: XWaitHandle;
      waiterToken: XTaskQueueRegistrationToken;

      autoCleanupFn: (testData: TestData) => void;
      testCounter: { value: number };
    }
    const testData = {} as TestData; // native: new TestData()
    testData.testCounter = { value: 0 }; // native: new volatile LONG(0)

    // Make a function that will auto-cleanup on the last call as long as it's called "totalTests" amount of times.
    const totalTests = 4;
    testData.autoCleanupFn = (testData) => {
      const counterValue = ++testData.testCounter.value;
      if (counterValue === totalTests) {
        s_sample.Log('AdvancedUsage test finished. Cleaning up.');

        XTaskQueueUnregisterWaiter(testData.baseQueue, testData.waiterToken);
        CloseHandle(testData.waiterEvent);

        this.m_discardedResults.push([
          'XTaskQueueTerminate(compositeQueue, true)',
          XTaskQueueTerminate(testData.compositeQueue, true, null, null),
        ]);
        this.m_discardedResults.push([
          'XTaskQueueTerminate(baseQueue, true)',
          XTaskQueueTerminate(testData.baseQueue, true, null, null),
        ]);

        XTaskQueueCloseHandle(testData.compositeQueue);
        XTaskQueueCloseHandle(testData.duplicateBaseQueueHandle);
        XTaskQueueCloseHandle(testData.baseQueue);

        // native: testData->baseQueueDispatcherThread.join() blocks right here. The last callback runs on the
        // base queue's Work port, so neither termination above can finish before it returns (libHttpClient
        // signals termination only once no callback of the port is executing): the waits returned
        // E_POSSIBLE_DEADLOCK instead of hanging, and the dispatcher thread sees the termination only after
        // this callback. The rest of the block therefore runs when the thread has been joined.
        testData.baseQueueDispatcherThread
          .then(() => {
            this.m_testInProgress = false;

            // native: delete testData->testCounter; delete testData;

            s_sample.Log(SEPARATOR);
          })
          .catch(rethrowUncaught);
      }
    };

    // Composite Queue
    // Composite queues are queues composed of ports of other queues instead of owning their own ports. In this test, the composite
    // queue uses the work port from the base queue as its own work and completion port. Therefore, dispatching work to the composite
    // queue will all fall on the work port thread from the base queue which is set to ThreadPool.
    {
      ThrowIfFailed(
        XTaskQueueCreate(XTaskQueueDispatchMode.ThreadPool, XTaskQueueDispatchMode.Manual, ref(testData, 'baseQueue')),
      );
      ThrowIfFailed(XTaskQueueGetPort(testData.baseQueue, XTaskQueuePort.Work, ref(testData, 'baseQueueWorkPort')));
      ThrowIfFailed(
        XTaskQueueCreateComposite(
          testData.baseQueueWorkPort,
          testData.baseQueueWorkPort,
          ref(testData, 'compositeQueue'),
        ),
      );
      s_sample.Log('Running a task on the compositeQueue for the compositeQueue test');
      this.RunTask(
        testData.compositeQueue,
        // Work callback
        () => {
          s_sample.Log('Work callback executed on composite queue work port (base queue work port)');
        },
        // Completion callback
        () => {
          s_sample.Log('Completion callback executed on composite queue completion port (base queue work port)');

          // Ensures to clean up if this callback is last
          testData.autoCleanupFn(testData);
        },
      );

      // Spawn a thread to handle the manual port of the base queue
      testData.baseQueueDispatcherThread = startThread('Base queue dispatcher thread', async () => {
        // native: SetThreadDescription(GetCurrentThread(), L"Base queue dispatcher thread");

        while (true) {
          // native: XTaskQueueDispatch(…, INFINITE) blocking this std::thread.
          const processed = await XTaskQueueDispatchAsync(testData.baseQueue, XTaskQueuePort.Completion, INFINITE);
          if (!processed) {
            s_sample.Log('XTaskQueueDispatch on baseQueue returned false, exiting thread.');
            break;
          }
        }
      });
    }

    // Duplicating Queue Handles
    // Duplicate handles to increase ref count and introduce multiple ownership. For proper closing of the task queue, all handles must be closed.
    {
      ThrowIfFailed(XTaskQueueDuplicateHandle(testData.baseQueue, ref(testData, 'duplicateBaseQueueHandle')));
      // baseQueue and duplicateBaseQueueHandle now both reference the same queue and its ref count is 2 requiring both handles to be closed in cleanup.
      s_sample.Log('Running a task on the baseQueue for duplicate handles test');
      this.RunTask(
        testData.baseQueue,
        // Work callback
        () => {
          s_sample.Log('Work callback invoked on baseQueue');
        },
        // Completion callback
        () => {
          s_sample.Log('Completion callback invoked on baseQueue');

          // Ensures to clean up if this callback is last
          testData.autoCleanupFn(testData);
        },
      );
      s_sample.Log('Running a task on the duplicateBaseQueueHandle for duplicate handles test');
      this.RunTask(
        testData.duplicateBaseQueueHandle,
        // Work callback
        () => {
          s_sample.Log('Work callback invoked on baseQueue via duplicateBaseQueueHandle');
        },
        // Completion callback
        () => {
          s_sample.Log('Completion callback invoked on baseQueue via duplicateBaseQueueHandle');

          // Ensures to clean up if this callback is last
          testData.autoCleanupFn(testData);
        },
      );
    }

    // Waiters and delayed dispatching
    // Callbacks can be directly submitted to the ports of a task queue with optional wait intervals. In addition, a special waiter can be used
    // to cause the callback to not be submitted until an event is signaled.
    {
      testData.waiterEvent = CreateEvent(false, false);
      ThrowIfFailed(
        XTaskQueueRegisterWaiter(
          testData.baseQueue,
          XTaskQueuePort.Work,
          testData.waiterEvent,
          testData,
          (context, _cancel) => {
            const testData = context as TestData;

            s_sample.Log('Callback registered via waiter invoked');

            // Ensures to clean up if this callback is last
            testData.autoCleanupFn(testData);
          },
          ref(testData, 'waiterToken'),
        ),
      );
      // First immediately submit callback to the work port of the base queue
      s_sample.Log('Starting waiter and delayed callback submissions test with XTaskQueueSubmitCallback');
      ThrowIfFailed(
        XTaskQueueSubmitCallback(testData.baseQueue, XTaskQueuePort.Work, testData, (context, _cancel) => {
          const testData = context as TestData;

          s_sample.Log('XTaskQueueSubmitCallback callback invoked, calling XTaskQueueSubmitDelayedCallback');

          // Next submit a delayed callback
          ThrowIfFailed(
            XTaskQueueSubmitDelayedCallback(
              testData.baseQueue,
              XTaskQueuePort.Work,
              1000,
              context,
              // eslint-disable-next-line @typescript-eslint/no-misused-promises -- native Sleep(1000) blocks this pool thread: the runtime keeps the thread busy until the returned promise settles
              async (context, _cancel) => {
                const testData = context as TestData;

                s_sample.Log(
                  'XTaskQueueSubmitDelayedCallback callback invoked, setting auto-reset event to cause callback to be invoked via the waiter',
                );

                // Finally, use the waiter to fire a callback
                await Sleep(1000);
                SetEvent(testData.waiterEvent);
              },
            ),
          );
        }),
      );
    }
  }

  // XAsyncCancel can be used to cancel requests, but that request must have implemented a cancel path in its provider.
  // Not all async requests can be canceled and any request started with XAsyncRun cannot be canceled. This test will show how
  // an async request can be implemented using the GDK-style to handle canceling and how to invoke the cancel.
  StartTest_Canceling(): void {
    const s_sample = XAsyncExamples.s_sample;
    if (this.m_testInProgress) {
      return;
    }
    this.m_testInProgress = true;

    s_sample.Log(SEPARATOR);
    s_sample.Log('Beginning Canceling test');

    const async: XAsyncBlock = {}; // native: new XAsyncBlock{} + ZeroMemory
    async.queue = null; // default process queue
    async.context = this;
    async.callback = (async) => {
      const examples = async.context as XAsyncExamples;

      const status = XAsyncGetStatus(async, false);
      s_sample.Log(`CancelableInfiniteTaskAsync() finished with status hr=0x${hex8(status)}`);
      examples.m_discardedResults.push(['assert(status == E_ABORT)', status]); // native: assert(status == E_ABORT)

      s_sample.Log('Canceling test finished');
      s_sample.Log(SEPARATOR);

      examples.m_testInProgress = false;
      // native: delete async;
    };

    s_sample.Log('Starting CancelableInfiniteTaskAsync() on the default process task queue');
    ThrowIfFailed(XAsyncExamples.CancelableInfiniteTaskAsync(async));

    // Also start a task to cancel the task after a short time
    this.RunTask(null, async () => {
      s_sample.Log('Waiting several seconds before canceling CancelableInfiniteTaskAsync()...');
      await Sleep(5250);
      s_sample.Log('Canceling CancelableInfiniteTaskAsync() with XAsyncCancel()');
      XAsyncCancel(async);
    });
  }

  /**
   * `CalculateOverhead_GDKAsyncStyle` without its profiler (the sample only times it): a provider whose
   * Begin schedules and DoWork completes with 0 bytes, awaited with a blocking `XAsyncGetStatus(async, true)`.
   */
  async CalculateOverhead_GDKAsyncStyle(taskQueue: XTaskQueueHandle | null): Promise<void> {
    // Setup XAsyncBlock
    const async: XAsyncBlock = {}; // native: new XAsyncBlock{} + ZeroMemory
    async.queue = taskQueue;
    async.context = null; // native: &overheadProfiler
    // Completion callback
    async.callback = () => {
      // native: profiler->RecordCurrentTiming / Stop(Overhead_GDKAsyncStyle_WorkToCompletion)
    };

    const callData = { timeInProviderOverall: 0 }; // native: CallData { profiler, timeInProviderOverall }

    ThrowIfFailed(
      XAsyncBegin(async, callData, null, 'XAsyncExamples::CalculateOverhead_GDKAsyncStyle', (op, providerData) => {
        let hr: HRESULT = S_OK;

        switch (op) {
          case XAsyncOp.Begin:
            hr = XAsyncSchedule(providerData.async, 0);
            break;

          case XAsyncOp.DoWork:
            // "Work Callback" would be invoked here
            XAsyncComplete(providerData.async, S_OK, 0);
            break;

          case XAsyncOp.Cleanup:
          case XAsyncOp.GetResult:
          case XAsyncOp.Cancel:
            break;
        }

        return hr;
      }),
    );

    // Wait for whole async operation to finish, and some extra time to ensure the threaded tasks can complete fully
    // XAsyncGetStatus can quickly return when XAsyncComplete is called on a separate thread, but the callback back has extra work at the bottom.
    // The sleep ensures that thread completes fully before cleanup below.
    ThrowIfFailed(XAsyncGetStatus(async, true));
    await Sleep(100);
    // native: delete timeInProviderOverall; delete callData; delete async;
  }

  static IsPrime(num: number): boolean {
    if (num < 2) {
      return false;
    }

    // native: `counter < num`; stopping at √num finds the same primes and keeps the tests fast.
    for (let counter = 2; counter * counter <= num; ++counter) {
      if (num % counter === 0) {
        return false;
      }
    }
    return true;
  }

  static NthPrime(n: number): number {
    const s_sample = XAsyncExamples.s_sample;
    if (n === 0) {
      return 1;
    }

    s_sample.Log(`Beginning calculating Nth prime ${n}`);

    const startTime = XAsyncExamples.GetTime();

    let currentN = 1;
    let currentNum = 2;
    while (currentN <= n) {
      if (XAsyncExamples.IsPrime(currentNum)) {
        if (currentN === n) {
          const endTime = XAsyncExamples.GetTime();

          s_sample.Log(
            `Finished calculating Nth prime ${n} as ${currentNum}. Took ${(endTime - startTime).toFixed(2)} seconds.`,
          );

          return currentNum;
        } else {
          ++currentN;
        }
      }

      ++currentNum;
    }

    s_sample.Log(`Failed to calculate Nth prime ${n}`);

    return 0;
  }

  static NthPrimeAsync(n: number, async: XAsyncBlock): HRESULT {
    interface CallData {
      value: number;
      result: number;
    }

    const callData: CallData = { value: n, result: 1 }; // native: new CallData()

    const hr = XAsyncBegin(
      async,
      callData,
      XAsyncExamples.NthPrimeAsync,
      'XAsyncExamples::NthPrimeAsync',
      (op, providerData) => {
        const callData = providerData.context as CallData;

        switch (op) {
          case XAsyncOp.Begin:
            return XAsyncSchedule(providerData.async, 0);

          case XAsyncOp.Cleanup:
            // native: delete callData;
            break;

          case XAsyncOp.GetResult: {
            // native: memcpy(providerData->buffer, &callData->result, sizeof(uint64_t));
            const buffer = providerData.buffer!;
            new DataView(buffer.buffer, buffer.byteOffset, sizeof_uint64_t).setBigUint64(
              0,
              BigInt(callData.result),
              true,
            );
            break;
          }

          case XAsyncOp.DoWork:
            callData.result = XAsyncExamples.NthPrime(callData.value);
            XAsyncComplete(providerData.async, S_OK, sizeof_uint64_t);
            break;

          case XAsyncOp.Cancel:
            // This call can't be canceled
            break;
        }

        return S_OK;
      },
    );

    return hr;
  }

  static NthPrimeAsyncResult(async: XAsyncBlock, result: Out<number>): HRESULT {
    // native: the uint64_t* is the buffer itself; here the 8 bytes are read back into `result`.
    const buffer = new Uint8Array(sizeof_uint64_t);
    const hr = XAsyncGetResult(async, XAsyncExamples.NthPrimeAsync, sizeof_uint64_t, buffer, null);
    if (SUCCEEDED(hr)) result.value = Number(new DataView(buffer.buffer).getBigUint64(0, true));
    return hr;
  }

  static CancelableInfiniteTaskAsync(async: XAsyncBlock): HRESULT {
    const s_sample = XAsyncExamples.s_sample;
    interface CallData {
      cancelEvent: Win32Event;
    }
    const callData: CallData = { cancelEvent: new Win32Event(false, false) }; // native: CreateEvent(NULL, FALSE, FALSE, NULL)

    const hr = XAsyncBegin(
      async,
      callData,
      XAsyncExamples.CancelableInfiniteTaskAsync,
      'XAsyncExamples::CancelableInfiniteTaskAsync',
      (op, providerData) => {
        const callData = providerData.context as CallData;

        switch (op) {
          case XAsyncOp.Begin:
            return XAsyncSchedule(providerData.async, 0);

          case XAsyncOp.DoWork: {
            // native: the loop below blocks a thread-pool thread in Sleep(1000) and DoWork returns S_OK at
            // the end. Here the loop is async, so DoWork returns E_PENDING (the provider contract for a
            // provider that completes later) and the loop calls XAsyncComplete when it ends.
            (async () => {
              // eslint-disable-next-line no-useless-assignment -- mirrors the C++ line `bool canceled = false;` (the loop only ever leaves through `canceled = true; break;`)
              let canceled = false;
              while (true) {
                s_sample.Log('CancelableInfiniteTaskAsync() work still looping indefinitely');

                const waitResult = WaitForSingleObject(callData.cancelEvent, 0);
                if (waitResult !== WAIT_TIMEOUT) {
                  s_sample.Log('Cancel detected, breaking out of CancelableInfiniteTaskAsync() wait loop');
                  canceled = true;
                  break;
                }

                await Sleep(1000);
              }

              if (canceled) {
                s_sample.Log('Completing CancelableInfiniteTaskAsync() with E_ABORT');
                XAsyncComplete(providerData.async, E_ABORT, 0);
              } else {
                // Normal completion should call this. However, in this cancel case, this won't get called
                s_sample.Log('Completing CancelableInfiniteTaskAsync() with S_OK');
                XAsyncComplete(providerData.async, S_OK, 0);
              }
            })().catch(rethrowUncaught);

            return E_PENDING; // native: break; … return S_OK (the loop above completes the call)
          }

          case XAsyncOp.Cancel:
            // Signal to our work to cancel
            s_sample.Log('Provider called with Cancel request. Setting event to inform work to cancel.');
            callData.cancelEvent.set(); // native: SetEvent(callData->cancelEvent)
            break;

          case XAsyncOp.Cleanup:
            // native: CloseHandle(callData->cancelEvent); delete callData;
            break;

          case XAsyncOp.GetResult:
            break;
        }

        return S_OK;
      },
    );

    return hr;
  }

  async ParallelFor(startIndex: number, endIndex: number, bodyFunction: (index: number) => void): Promise<void> {
    // Setup async blocks
    if (!(endIndex > startIndex)) throw new Error('assert(endIndex > startIndex)');
    const numInvocations = endIndex - startIndex;
    const asyncBlocks: XAsyncBlock[] = Array.from({ length: numInvocations }, () => ({})); // native: new XAsyncBlock[] + ZeroMemory

    // Setup call data
    interface CallContext {
      bodyFunction: (index: number) => void;
      index: number;
      completionEvent: Win32Event;
    }
    const callContexts: CallContext[] = [];

    // Start all the async methods
    for (let i = startIndex; i < endIndex; ++i) {
      const context: CallContext = { bodyFunction, index: i, completionEvent: new Win32Event(false, false) };
      callContexts.push(context);

      const async = asyncBlocks[i - startIndex]!;
      async.queue = XAsyncExamples.s_singleton!.m_taskQueue_ParallelFor;
      async.context = context;
      async.callback = (async) => {
        const context = async.context as CallContext;
        context.completionEvent.set(); // native: SetEvent(context->completionEvent)
      };
      XAsyncRun(async, (async) => {
        const context = async.context as CallContext;
        context.bodyFunction(context.index);
        return S_OK;
      });
    }

    // Wait for async methods to complete
    for (let i = 0; i < numInvocations; ++i) {
      await WaitForSingleObjectAsync(callContexts[i]!.completionEvent); // native: WaitForSingleObject(…, INFINITE)
    }
    // native: CloseHandle(completionEvent) for each; delete[] callContexts; delete[] asyncBlocks;
  }

  async ParallelExecute(
    numTasks: number,
    taskQueue: XTaskQueueHandle | null,
    bodyFunction: (index: number) => void,
  ): Promise<void> {
    // Setup async blocks
    const asyncBlocks: XAsyncBlock[] = Array.from({ length: numTasks }, () => ({})); // native: new XAsyncBlock[] + ZeroMemory

    // Setup call data
    interface CallContext {
      bodyFunction: (index: number) => void;
      index: number;
      completionEvent: Win32Event;
    }
    const callContexts: CallContext[] = [];

    // Start all the async methods
    for (let i = 0; i < numTasks; ++i) {
      const context: CallContext = { bodyFunction, index: i, completionEvent: new Win32Event(false, false) };
      callContexts.push(context);

      const async = asyncBlocks[i]!;
      async.queue = taskQueue;
      async.context = context;
      async.callback = (async) => {
        const context = async.context as CallContext;
        context.completionEvent.set(); // native: SetEvent(context->completionEvent)
      };
      XAsyncRun(async, (async) => {
        const context = async.context as CallContext;
        context.bodyFunction(context.index);
        return S_OK;
      });
    }

    // Wait for async methods to complete
    for (let i = 0; i < numTasks; ++i) {
      await WaitForSingleObjectAsync(callContexts[i]!.completionEvent); // native: WaitForSingleObject(…, INFINITE)
    }
    // native: CloseHandle(completionEvent) for each; delete[] callContexts; delete[] asyncBlocks;
  }

  /**
   * Both native `RunTask` overloads: with a completion callback, and the work-only one whose
   * completion routine only frees the context and the block.
   */
  RunTask(taskQueue: XTaskQueueHandle | null, workCallback: Work, completionCallback?: () => void): void {
    const context: RunTaskContext = { workCallback }; // native: new RunTaskContext()
    if (completionCallback !== undefined) context.completionCallback = completionCallback;

    const async: XAsyncBlock = {}; // native: new XAsyncBlock{} + ZeroMemory
    async.queue = taskQueue;
    async.context = context;
    async.callback = (async) => {
      const context = async.context as RunTaskContext;

      context.completionCallback?.();

      // native: delete context; delete async;
    };

    // Callback passed to XAsyncRun is the work callback
    XAsyncRun(async, (async) => {
      const context = async.context as RunTaskContext;

      const pending = context.workCallback();

      // native: the work blocks its thread until done; an async work routine completes the call when it settles.
      return pending instanceof Promise ? pending.then(() => S_OK) : S_OK;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The `Sample` side (AsynchronousProgramming.cpp / Main.cpp) the tests drive
// ---------------------------------------------------------------------------------------------

/** A `Sample` whose log is `output` and whose main window belongs to the UI thread `ui`. */
export interface SampleHarness {
  readonly sample: Sample;
  readonly output: SampleOutput;
  readonly ui: MessageQueue;
  readonly hwnd: HWND;
}

/**
 * Makes the sample's side: `Log` into an output stamped with `clock`, and a main window whose
 * procedure forwards `WM_TASKQUEUEMONITOR` to `XAsyncExamples::Notify_TaskQueueMonitor` (Main.cpp).
 * @param clock - [in] the virtual clock, for the output's timestamps.
 * @param onMessage - [in] called for each message the window receives, before it is handled.
 */
export function createSample(clock: () => number, onMessage: (msg: number) => void = () => undefined): SampleHarness {
  const output = createOutput(clock);
  const ui = new MessageQueue();
  const hwnd = new HWND((_hwnd, msg, wParam, lParam) => {
    onMessage(msg);
    if (msg === WM_TASKQUEUEMONITOR) XAsyncExamples.s_singleton?.Notify_TaskQueueMonitor(wParam, lParam);
    return 0;
  }, ui);
  return { sample: { Log: output.Log, GetHWND: () => hwnd }, output, ui, hwnd };
}

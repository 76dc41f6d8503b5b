/**
 * The timeline the pictures are drawn from, against the lifetime rules (xasync-semantics.md §3):
 * for any provider behaviour under any queue modes, cancel and termination, every recorded call's
 * steps start with Begin, hold at most one Complete, put the completion routine and GetResult
 * after it, and end their provider ops with one Cleanup; every DoWork sits on the call's Work port
 * and the routine on its Completion port; there is one callback per dispatch.
 */
import { test } from '@fast-check/vitest';
import { afterEach, beforeEach, expect } from 'vitest';
import { XAsyncBegin, XAsyncGetResult, XAsyncGetResultSize, out, trace, type XAsyncBlock } from '@gdkts/xasync';
import { useRuntimeSandbox } from '@gdkts/xasync/testing';
import { callScenario, makeProvider, providerBehaviour, runCallScenario } from '@gdkts/xasync/testing/properties';
import { buildTraceTimeline, startTraceRecording } from '@gdkts/xasync/trace';

useRuntimeSandbox({ beforeEach, afterEach }, { virtualHost: false });
afterEach(() => void trace.removeAllListeners());

const PROVIDER_OPS = new Set(['Begin', 'DoWork', 'GetResult', 'Cancel', 'Cleanup']);

test.prop([callScenario(), providerBehaviour()], { numRuns: 60 })(
  'every call of any scenario is drawn in an order the lifetime rules allow',
  (scenario, behaviour) => {
    const identity = {};
    const rec = startTraceRecording();
    const outcome = runCallScenario(
      scenario,
      (block) => XAsyncBegin(block, undefined, identity, 'PropertyAsync', makeProvider(behaviour).provider),
      {
        result: (block: XAsyncBlock) => {
          const size = out(0);
          XAsyncGetResultSize(block, size);
          if (size.value > 0) XAsyncGetResult(block, identity, size.value, new Uint8Array(size.value), null);
        },
      },
    );
    const run = rec.stop();
    const t = buildTraceTimeline(run);
    expect(t.callbacks).toHaveLength(run.events.filter((e) => e.kind === 'dispatch').length);
    expect(t.calls).toHaveLength(outcome.calls.length);
    for (const call of t.calls) {
      const names = call.steps.map((s) => s.step);
      const work = `q${call.queueId}.work`;
      const completion = `q${call.queueId}.completion`;
      expect(names[0], names.join(' ')).toBe('Begin');
      expect(names.filter((n) => n === 'Complete').length).toBeLessThanOrEqual(1);
      const complete = names.indexOf('Complete');
      for (const after of ['callback', 'GetResult'] as const) {
        const i = names.indexOf(after);
        if (i >= 0) expect(i, names.join(' ')).toBeGreaterThan(complete);
      }
      const ops = names.filter((n) => PROVIDER_OPS.has(n));
      if (ops.includes('Cleanup')) {
        expect(
          ops.filter((n) => n === 'Cleanup'),
          names.join(' '),
        ).toHaveLength(1);
        expect(ops.at(-1), names.join(' ')).toBe('Cleanup');
      }
      for (const s of call.steps) {
        if (s.step === 'DoWork') expect(s.lane).toBe(work);
        if (s.step === 'callback') expect(s.lane).toBe(completion);
      }
      expect(names.filter((n) => n === 'callback')).toHaveLength(outcome.callbacks);
    }
    for (const cb of t.callbacks) if (cb.callId !== null) expect(t.calls.map((c) => c.callId)).toContain(cb.callId);
  },
);

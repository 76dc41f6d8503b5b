// The engine's input devices and audio endpoints: system pairing on add, moves heard by listeners
// with the old and new user, the find-controller prompt, audio endpoint changes for held users,
// and the TypeErrors for what is not on the device.
import { describe, expect, it } from 'vitest';
import { account, makeFixture, makeSession } from './helpers/world.js';
import type { DeviceAssociationEvent } from '@gdkts/identity';

const pad = (n: number): Uint8Array => new Uint8Array(32).fill(n);

describe('UserSession input devices', () => {
  it('pairs a free device with an added user, moves it on request, and refuses unknown devices or accounts', async () => {
    const fixture = await makeFixture();
    const alice = account('Alice');
    const bob = account('Bob');
    const { session } = makeSession(fixture, [alice, bob], { defaultUser: alice.xuid, inputDevices: [{ id: pad(1) }] });
    const events: DeviceAssociationEvent[] = [];
    session.onDeviceAssociation((e) => events.push(e));
    const added = await session.addUser({ mode: 'silent' });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    session.retain(added.user);
    expect(events.map((e) => [[...e.deviceId], e.oldUser, e.newUser])).toEqual([[[...pad(1)], undefined, added.user]]);
    expect(session.findByDevice(pad(1))).toBe(added.user);
    session.pairInputDevice(pad(1), bob.xuid);
    expect(events[1]?.oldUser).toBe(added.user);
    expect(events[1]?.newUser?.account).toBe(bob);
    expect(session.findByDevice(pad(1))).toBe(undefined); // Bob is not in the title's set
    expect(() => session.pairInputDevice(pad(2), alice.xuid)).toThrow(TypeError);
    expect(() => session.pairInputDevice(pad(1), '42')).toThrow(TypeError);
    expect(() => session.addInputDevice(pad(1))).toThrow(TypeError);
    expect(() => session.addInputDevice(new Uint8Array(8))).toThrow(TypeError);
    expect(session.inputDevices.map((id) => [...id])).toEqual([[...pad(1)]]);
    session.close();
  });

  it('the find-controller prompt pairs the chosen device; dismissed and no device are reasons', async () => {
    const fixture = await makeFixture();
    const alice = account('Alice');
    const answers = [{ outcome: 'dismissed' as const }, { outcome: 'completed' as const }];
    const { session } = makeSession(fixture, [alice], { controllerUi: () => answers.shift() ?? { outcome: 'failed' } });
    const added = await session.addUser({ mode: 'silent' });
    if (!added.ok) throw new Error('add failed');
    expect(await session.findController(added.user)).toBe('aborted');
    expect(await session.findController(added.user)).toBe('noDevice'); // completed, but no device on the console
    session.addInputDevice(pad(7));
    expect(await session.findController(added.user)).toBe('noDevice'); // the prompt failed
    session.close();
  });
});

describe('UserSession audio endpoints', () => {
  it('answers the endpoint of a kind, and tells listeners about changes for held users only', async () => {
    const fixture = await makeFixture();
    const alice = account('Alice');
    const { session } = makeSession(fixture, [alice], {
      audioEndpoints: [{ xuid: alice.xuid, communicationRender: 'speaker' }],
    });
    const seen: [string, string | undefined][] = [];
    session.onAudioEndpoint((e) => seen.push([e.kind, e.endpointId]));
    session.setAudioEndpoint(alice.xuid, 'communicationCapture', 'mic'); // not held yet: no event
    const added = await session.addUser({ mode: 'silent' });
    if (!added.ok) throw new Error('add failed');
    session.retain(added.user);
    expect(session.audioEndpoint(added.user, 'communicationRender')).toBe('speaker');
    expect(session.audioEndpoint(added.user, 'communicationCapture')).toBe('mic');
    session.setAudioEndpoint(alice.xuid, 'communicationRender', null);
    expect(session.audioEndpoint(added.user, 'communicationRender')).toBe(undefined);
    expect(seen).toEqual([['communicationRender', undefined]]);
    expect(() => session.setAudioEndpoint(alice.xuid, 'communicationRender', '')).toThrow(TypeError);
    expect(() => session.setAudioEndpoint('42', 'communicationRender', 'x')).toThrow(TypeError);
    session.close();
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatedConsole, parseMicrosoftGameConfig, readMicrosoftGameConfig } from '@gdkts/xuser/testing';

const dirs: string[] = [];
function directoryWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gdkts-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'MicrosoftGame.config'), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Game configVersion="1">
  <Identity Name="Contoso.Game" Publisher="CN=Contoso" Version="1.0.0.0"/>
  <TitleId>1234ABCD</TitleId>
  <MSAAppId>0000000040000001</MSAAppId>
</Game>`;

describe('MicrosoftGame.config', () => {
  it('reads configVersion, TitleId and MSAAppId', () => {
    expect(parseMicrosoftGameConfig(CONFIG, 'x/MicrosoftGame.config')).toEqual({ path: 'x/MicrosoftGame.config', configVersion: 1, titleId: 0x1234abcd, msaAppId: '0000000040000001' });
  });

  it('the console takes the title id and MSA app id from the directory; options win', async () => {
    const dir = directoryWith(CONFIG);
    const fromFile = await createEmulatedConsole({ configDirectory: dir });
    expect(fromFile.title.titleId).toBe(0x1234abcd);
    expect(fromFile.msaAppId).toBe('0000000040000001');
    expect(fromFile.gameConfig?.path).toBe(join(dir, 'MicrosoftGame.config'));
    const overridden = await createEmulatedConsole({ configDirectory: dir, titleId: 0x42, sandbox: 'XDKS.1' });
    expect(overridden.title.titleId).toBe(0x42);
    expect(overridden.title.sandbox).toBe('XDKS.1');
  });

  it('no file: undefined, and a console without a title id is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gdkts-config-'));
    dirs.push(dir);
    expect(readMicrosoftGameConfig(dir)).toBeUndefined();
    await expect(createEmulatedConsole({ configDirectory: dir })).rejects.toThrow(/titleId/);
  });

  it.each([
    ['<Game><TitleId>12</TitleId></Game>', /MicrosoftGame\.config: Expected `TitleId` to be eight hex digits, got `12`/],
    ['<Game><TitleId>00000000</TitleId></Game>', /`TitleId` to be non-zero/],
    ['<Game><MSAAppId>nope</MSAAppId></Game>', /MicrosoftGame\.config: Expected `MSAAppId` to be a 16-character id or a GUID, got `nope`/],
    ['<Game configVersion="one"></Game>', /`configVersion` to be a non-negative integer/],
    ['<Game><TitleId>1234ABCD</Game>', /MicrosoftGame\.config: malformed XML/],
    ['<Other/>', /expected a `Game` root element/],
  ])('a malformed file names the file and the field: %s', (text, message) => {
    const dir = directoryWith(text);
    expect(() => readMicrosoftGameConfig(dir)).toThrow(message);
    expect(() => readMicrosoftGameConfig(dir)).toThrow(dir);
  });

  it('a GUID MSAAppId and a 0x title id are accepted', () => {
    const config = parseMicrosoftGameConfig('<Game><TitleId>0xFFFFFFFF</TitleId><MSAAppId>12345678-1234-1234-1234-123456789abc</MSAAppId></Game>', 'f');
    expect(config).toMatchObject({ titleId: 0xffffffff, msaAppId: '12345678-1234-1234-1234-123456789abc', configVersion: 0 });
  });
});

/**
 * Reading a title's `MicrosoftGame.config`, as the game runtime does at start (xuser-xal.md §1.1):
 * the `configVersion`, the Xbox Live `TitleId` (eight hex digits) and the `MSAAppId` (a 16-character
 * id or a GUID). Parsed with fast-xml-parser; a malformed file throws an error naming the file and
 * the field.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The file name the runtime looks for in the working directory. */
export const MICROSOFT_GAME_CONFIG = 'MicrosoftGame.config';

/** What the runtime takes from a `MicrosoftGame.config`. */
export interface MicrosoftGameConfig {
  /** The file read. */
  readonly path: string;
  /** `Game@configVersion` (0 when absent). */
  readonly configVersion: number;
  /** `TitleId`, as a number, when present. */
  readonly titleId: number | undefined;
  /** `MSAAppId`, when present. */
  readonly msaAppId: string | undefined;
}

const TITLE_ID = /^(?:0x)?[0-9A-Fa-f]{8}$/;
const MSA_APP_ID = /^(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

/**
 * Parses the text of a `MicrosoftGame.config`.
 *
 * @param text - [in] the XML.
 * @param path - [in] the file's path, for error messages.
 * @returns the configuration.
 * @throws TypeError when the XML is malformed or has no `Game` root.
 * @throws RangeError when `configVersion`, `TitleId` or `MSAAppId` is malformed (the message names the file and the field).
 */
export function parseMicrosoftGameConfig(text: string, path: string): MicrosoftGameConfig {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new TypeError(`${path}: malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true });
  const document = parser.parse(text) as Record<string, unknown>;
  const game = document['Game'];
  if (typeof game !== 'object' || game === null) throw new TypeError(`${path}: expected a \`Game\` root element`);
  const fields = game as Record<string, unknown>;
  const field = (name: string): string | undefined => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new RangeError(`${path}: Expected \`${name}\` to be text, got \`${JSON.stringify(value)}\``);
    return value;
  };
  const versionText = field('@configVersion');
  let configVersion = 0;
  if (versionText !== undefined) {
    if (!/^\d+$/.test(versionText)) throw new RangeError(`${path}: Expected \`configVersion\` to be a non-negative integer, got \`${versionText}\``);
    configVersion = Number(versionText);
  }
  const titleText = field('TitleId');
  if (titleText !== undefined && !TITLE_ID.test(titleText)) throw new RangeError(`${path}: Expected \`TitleId\` to be eight hex digits, got \`${titleText}\``);
  const titleId = titleText === undefined ? undefined : Number.parseInt(titleText.replace(/^0x/, ''), 16);
  if (titleId === 0) throw new RangeError(`${path}: Expected \`TitleId\` to be non-zero, got \`${titleText}\``);
  const msaAppId = field('MSAAppId');
  if (msaAppId !== undefined && !MSA_APP_ID.test(msaAppId)) throw new RangeError(`${path}: Expected \`MSAAppId\` to be a 16-character id or a GUID, got \`${msaAppId}\``);
  return Object.freeze({ path, configVersion, titleId, msaAppId });
}

/**
 * Reads `MicrosoftGame.config` from a directory when it is there.
 *
 * @param directory - [in] where to look; default the working directory.
 * @returns the configuration, or `undefined` when there is no such file.
 * @throws what {@link parseMicrosoftGameConfig} throws for a malformed file.
 */
export function readMicrosoftGameConfig(directory: string = process.cwd()): MicrosoftGameConfig | undefined {
  const path = join(directory, MICROSOFT_GAME_CONFIG);
  if (!existsSync(path)) return undefined;
  return parseMicrosoftGameConfig(readFileSync(path, 'utf8'), path);
}
